using System.Text.Json.Serialization;

namespace ModelService.Functions.Contracts;

/// <summary>Where a training job is, as clients read it. Succeeded, failed and cancelled are final.</summary>
public enum TrainingJobState
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
