using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Worker;

/// <summary>
/// Writes the worker's RpcLog messages to this host's loggers under the worker's own category
/// (Function.&lt;name&gt;.User for function logs), as the real host shows them.
/// </summary>
internal sealed class WorkerLogForwarder
{
    private readonly ILoggerFactory _loggers;

    public WorkerLogForwarder(ILoggerFactory loggers)
    {
        _loggers = loggers;
    }

    public void Forward(RpcLog log)
    {
        var level = Map(log.Level);
        var logger = _loggers.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category);
        if (!logger.IsEnabled(level))
        {
            return;
        }

        if (log.Exception is { } exception)
        {
            // The first line names the exception; the stack trace would bury the log (and it is the worker's to keep).
            var summary = exception.Message.AsSpan();
            var newline = summary.IndexOfAny('\r', '\n');
            logger.Log(level, "{Message} [{Exception}]", log.Message, (newline < 0 ? summary : summary[..newline]).ToString());
        }
        else
        {
            logger.Log(level, "{Message}", log.Message);
        }
    }

    private static LogLevel Map(RpcLog.Types.Level level) => level switch
    {
        RpcLog.Types.Level.Trace => LogLevel.Trace,
        RpcLog.Types.Level.Debug => LogLevel.Debug,
        RpcLog.Types.Level.Information => LogLevel.Information,
        RpcLog.Types.Level.Warning => LogLevel.Warning,
        RpcLog.Types.Level.Error => LogLevel.Error,
        RpcLog.Types.Level.Critical => LogLevel.Critical,
        _ => LogLevel.None,
    };
}
