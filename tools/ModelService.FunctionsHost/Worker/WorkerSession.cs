using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.Protocol;

namespace ModelService.FunctionsHost.Worker;

/// <summary>A worker that is up: its stream, its loaded functions, and where its ASP.NET Core server listens.</summary>
internal sealed class WorkerSession
{
    private readonly Dictionary<string, FunctionDescriptor> _byName;

    public WorkerSession(WorkerChannel channel, int processId, IReadOnlyList<FunctionDescriptor> functions, Uri? httpUri)
    {
        Channel = channel;
        ProcessId = processId;
        Functions = functions;
        HttpUri = httpUri;
        _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    public WorkerChannel Channel { get; }

    public int ProcessId { get; }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The HttpUri capability: set when the worker uses the ASP.NET Core integration.</summary>
    public Uri? HttpUri { get; }

    public FunctionDescriptor? Find(string name) => _byName.GetValueOrDefault(name);
}
