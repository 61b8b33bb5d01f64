namespace ModelService.Trainer.Worker;

/// <summary>What to do with a received message once its job record has been looked at.</summary>
public enum ClaimAction
{
    /// <summary>The job is ours now: train it.</summary>
    Run,

    /// <summary>Nothing left to do for this message (job finished and billed, or missing): delete it.</summary>
    Drop,

    /// <summary>The job is final but not yet billed (ended here, or a trainer died before billing it): bill it, then delete the message.</summary>
    Settle,

    /// <summary>Another trainer holds a live lease: leave the message to reappear later.</summary>
    Skip,
}
