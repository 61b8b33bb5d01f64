namespace ModelService.Core.Billing;

/// <summary>How the billed call arrived.</summary>
public static class UsageKinds
{
    public const string Sync = "sync";
    public const string Async = "async";

    /// <summary>A training job: items are the seconds billed.</summary>
    public const string Training = "training";
}
