namespace ModelService.Core.Training;

/// <summary>Where a job is. Succeeded, failed and cancelled are final: nothing moves a job out of them.</summary>
public enum TrainingJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
