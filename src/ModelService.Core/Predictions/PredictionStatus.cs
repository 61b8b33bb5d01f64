namespace ModelService.Core.Predictions;

/// <summary>Where an asynchronous prediction is: queued → running → succeeded or failed (with a reason).</summary>
public static class PredictionStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static bool IsFinal(string status) => status is Succeeded or Failed;
}
