namespace ModelService.Trainer.Worker;

/// <summary>What to do with a received message once its job record has been looked at.</summary>
public enum ClaimAction
{
    /// <summary>The job is ours now: train it.</summary>
    Run,

    /// <summary>Nothing left to do for this message (job finished, cancelled, failed or missing): delete it.</summary>
    Drop,

    /// <summary>Another trainer holds a live lease: leave the message to reappear later.</summary>
    Skip,
}
