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

    /// <summary>Most jobs one listing returns (newest first).</summary>
    [Range(1, 1000)]
    public int MaxListedJobs { get; set; } = 100;
}
