namespace ModelService.Cli.Infrastructure;

/// <summary>A failure the CLI reports as one line and an exit status; never with a stack trace.</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Code = code;
    }

    public int ExitCode { get; }

    /// <summary>A stable, machine-readable name for the failure, printed in --json mode.</summary>
    public string Code { get; }

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, "BadInput", message);

    public static CliException Unavailable(string message, Exception? inner = null) => new(ExitCodes.Unavailable, "Unavailable", message, inner);
}
