using System.Text.Json;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Functions;

/// <summary>
/// Reads functions.metadata, for a worker that answers the metadata request with "use default indexing": the
/// real host then indexes the file the worker SDK wrote next to the worker.
/// </summary>
internal static class FunctionsMetadataFile
{
    public static IReadOnlyList<RpcFunctionMetadata> Load(string directory)
    {
        var path = Path.Combine(directory, "functions.metadata");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The worker asked for default indexing but {path} does not exist.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(function => ToRpc(function, directory)).ToArray();
    }

    private static RpcFunctionMetadata ToRpc(JsonElement function, string directory)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = function.GetProperty("name").GetString(),
            ScriptFile = function.GetProperty("scriptFile").GetString(),
            EntryPoint = function.GetProperty("entryPoint").GetString(),
            Language = function.TryGetProperty("language", out var language) ? language.GetString() : "dotnet-isolated",
            Directory = directory,
        };
        foreach (var binding in function.GetProperty("bindings").EnumerateArray())
        {
            metadata.RawBindings.Add(binding.GetRawText());
            var descriptor = BindingDescriptor.Parse(binding.GetRawText());
            metadata.Bindings[descriptor.Name] = new BindingInfo
            {
                Type = descriptor.Type,
                Direction = descriptor.IsOutput ? BindingInfo.Types.Direction.Out : BindingInfo.Types.Direction.In,
            };
        }

        return metadata;
    }
}
