using System.Text.Json.Serialization;
using ModelService.Core.Predictions;

namespace ModelService.Functions.Contracts;

/// <summary>Where an asynchronous prediction is, as clients read it: queued → running → succeeded or failed.</summary>
public enum PredictionState
{
    [JsonStringEnumMemberName(PredictionStatus.Queued)]
    Queued,

    [JsonStringEnumMemberName(PredictionStatus.Running)]
    Running,

    [JsonStringEnumMemberName(PredictionStatus.Succeeded)]
    Succeeded,

    [JsonStringEnumMemberName(PredictionStatus.Failed)]
    Failed,
}
