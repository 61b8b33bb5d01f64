using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Training;

/// <summary>Where training jobs, their events, their queue and the datasets live; shared by the function app and the trainer.</summary>
public sealed class TrainingOptions
{
    public const string SectionName = "ModelService:Training";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string JobsTable { get; set; } = "trainingjobs";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string EventsTable { get; set; } = "trainingevents";

    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "QueueName must be a valid queue name.")]
    public string QueueName { get; set; } = "training-jobs";

    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "DatasetsContainer must be a valid blob container name.")]
    public string DatasetsContainer { get; set; } = "datasets";

    /// <summary>Largest dataset an upload may carry; the function buffers it, so this also bounds its memory.</summary>
    [Range(1, 1L << 31)]
    public long MaxDatasetBytes { get; set; } = 64L << 20;

    /// <summary>Datasets a tenant may keep; an upload of a new name past it is refused (413) until one is deleted. 0: no limit.</summary>
    [Range(0, 100_000)]
    public int MaxDatasetsPerTenant { get; set; } = 20;

    /// <summary>Bytes of datasets a tenant may keep, counting the upload in place of any dataset it replaces. 0: no limit.</summary>
    [Range(0, long.MaxValue)]
    public long MaxDatasetBytesPerTenant { get; set; } = 1L << 30;

    /// <summary>Most jobs one listing returns (newest first).</summary>
    [Range(1, 1000)]
    public int MaxListedJobs { get; set; } = 100;
}
