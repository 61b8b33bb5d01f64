namespace ModelService.Core.Billing;

/// <summary>What an answered call's usage event has survived by the time the response leaves.</summary>
public enum UsageDurability
{
    /// <summary>The response waits for the flush that carries its event (queued or parked): a crash loses nothing.</summary>
    GroupCommit,

    /// <summary>The response leaves first; a crash loses at most the events of one flush window and the write in flight.</summary>
    Asynchronous,

    /// <summary>Load-test baselines only ("billing off"): events are counted and dropped. Never in production.</summary>
    Discard,
}
