namespace ModelService.Core.Billing;

/// <summary>What a replay sent back: messages and their events, and the parked blobs it could not read.</summary>
public sealed record UsageReplayResult(int Messages, int Events, IReadOnlyList<string> Unreadable);
