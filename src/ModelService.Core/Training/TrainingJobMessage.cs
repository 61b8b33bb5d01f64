namespace ModelService.Core.Training;

/// <summary>
/// The queue message: only a pointer to the job record, which is written first, so a message never points at
/// nothing and never carries anything a tenant sent.
/// </summary>
public sealed record TrainingJobMessage(string TenantId, string JobId);
