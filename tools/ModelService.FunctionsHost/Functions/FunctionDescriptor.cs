using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Functions;

/// <summary>A function the worker indexed: its id for invocations, its bindings, and its trigger.</summary>
internal sealed class FunctionDescriptor
{
    private FunctionDescriptor(RpcFunctionMetadata metadata, IReadOnlyList<BindingDescriptor> bindings)
    {
        Metadata = metadata;
        Bindings = bindings;
        Trigger = bindings.FirstOrDefault(b => b.IsTrigger && !b.IsOutput);
    }

    public string Name => Metadata.Name;

    public string Id => Metadata.FunctionId;

    /// <summary>The metadata as the worker sent it; the load request gives it back unchanged.</summary>
    internal RpcFunctionMetadata Metadata { get; }

    public IReadOnlyList<BindingDescriptor> Bindings { get; }

    public BindingDescriptor? Trigger { get; }

    public IEnumerable<BindingDescriptor> Outputs => Bindings.Where(b => b.IsOutput);

    internal static FunctionDescriptor From(RpcFunctionMetadata metadata)
    {
        if (string.IsNullOrEmpty(metadata.FunctionId))
        {
            // Workers that leave the id to the host get one; it only has to be unique within this worker's life.
            metadata.FunctionId = Guid.NewGuid().ToString();
        }

        return new FunctionDescriptor(metadata, metadata.RawBindings.Select(BindingDescriptor.Parse).ToArray());
    }
}
