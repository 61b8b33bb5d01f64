namespace ModelService.Trainer.Fairness;

/// <summary>The trained model's demographic-parity difference is above the job's <c>maxParityGap</c>: the job fails, nothing is published.</summary>
public sealed class FairnessGateException : Exception
{
    public FairnessGateException()
    {
    }

    public FairnessGateException(string message)
        : base(message)
    {
    }

    public FairnessGateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
