namespace ModelService.Trainer.Data;

/// <summary>
/// The dataset cannot be trained on. The job fails with this message as its reason, so it names lines and
/// columns but never a value from the data.
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message)
    {
    }
}
