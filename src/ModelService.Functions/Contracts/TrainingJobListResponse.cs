namespace ModelService.Functions.Contracts;

/// <summary><c>GET /api/training-jobs</c>: the caller's jobs, newest first.</summary>
public sealed record TrainingJobListResponse(IReadOnlyList<TrainingJobResponse> Jobs);
