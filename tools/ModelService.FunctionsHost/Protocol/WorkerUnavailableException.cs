namespace ModelService.FunctionsHost.Protocol;

/// <summary>The worker's stream ended (the process died or stopped) before it answered.</summary>
internal sealed class WorkerUnavailableException : Exception
{
    public WorkerUnavailableException(string message)
        : base(message)
    {
    }

    public WorkerUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WorkerUnavailableException()
    {
    }
}
