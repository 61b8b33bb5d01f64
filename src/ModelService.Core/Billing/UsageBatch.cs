namespace ModelService.Core.Billing;

/// <summary>
/// One usage queue message: the events one instance flushed together (docs/schemas/usage-batch.schema.json).
/// <see cref="Schema"/> names the version, so a reader knows what it holds.
/// </summary>
public sealed record UsageBatch
{
    public const string CurrentSchema = "usage-batch/1";

    public required string Schema { get; init; }

    public required IReadOnlyList<UsageEvent> Events { get; init; }

    public static UsageBatch Of(IReadOnlyList<UsageEvent> events) => new() { Schema = CurrentSchema, Events = events };
}
