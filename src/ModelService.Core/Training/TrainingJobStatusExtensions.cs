namespace ModelService.Core.Training;

public static class TrainingJobStatusExtensions
{
    public static bool IsFinal(this TrainingJobStatus status) =>
        status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled;

    /// <summary>The lowercase name the API and the table use.</summary>
    public static string ToWireName(this TrainingJobStatus status) => status.ToString().ToLowerInvariant();
}
