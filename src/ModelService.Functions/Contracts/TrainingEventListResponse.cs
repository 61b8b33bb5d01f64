namespace ModelService.Functions.Contracts;

/// <summary><c>GET /api/training-jobs/{id}/events?after=N</c>.</summary>
public sealed record TrainingEventListResponse(IReadOnlyList<TrainingEventResponse> Events);
