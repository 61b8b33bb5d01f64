using ModelService.Core.Predictions;

namespace ModelService.Functions.Contracts;

/// <summary>Maps Core's stored status names to the wire enum.</summary>
public static class PredictionStates
{
    public static PredictionState Of(string status) => status switch
    {
        PredictionStatus.Queued => PredictionState.Queued,
        PredictionStatus.Running => PredictionState.Running,
        PredictionStatus.Succeeded => PredictionState.Succeeded,
        PredictionStatus.Failed => PredictionState.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a prediction status."),
    };
}
