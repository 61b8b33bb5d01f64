using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Bindings;

/// <summary>
/// Writes a successful invocation's queue and blob outputs. Called only after the worker reported success, so a
/// failed invocation leaves no messages or blobs behind.
/// </summary>
internal sealed class OutputBindingWriter
{
    private const string ReturnBinding = "$return";

    private readonly StorageClients _storage;
    private readonly AppSettings _settings;
    private readonly ILogger<OutputBindingWriter> _logger;

    public OutputBindingWriter(StorageClients storage, AppSettings settings, ILogger<OutputBindingWriter> logger)
    {
        _storage = storage;
        _settings = settings;
        _logger = logger;
    }

    public async Task WriteAsync(FunctionDescriptor function, InvocationResponse response, IReadOnlyDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken)
    {
        foreach (var binding in function.Outputs)
        {
            var value = binding.Name == ReturnBinding
                ? response.ReturnValue
                : response.OutputData.FirstOrDefault(o => o.Name == binding.Name)?.Data;
            if (binding.Is("queue"))
            {
                await WriteQueueAsync(binding, value, triggerMetadata, cancellationToken);
            }
            else if (binding.Is("blob"))
            {
                await WriteBlobAsync(binding, value, triggerMetadata, cancellationToken);
            }
            else if (!binding.Is("http"))
            {
                // HTTP responses travel over the proxied request; anything else this host does not do.
                _logger.LogWarning("Function {Function}: output binding type {Type} is not supported by the development host", function.Name, binding.Type);
            }
        }
    }

    private async Task WriteQueueAsync(BindingDescriptor binding, TypedData? value, IReadOnlyDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken)
    {
        var messages = TypedDataPayloads.Messages(value);
        if (messages.Count == 0)
        {
            return;
        }

        var queueName = BindingExpressions.Resolve(binding.String("queueName") ?? string.Empty, triggerMetadata, _settings).ToLowerInvariant();
        var queue = _storage.Queue(_settings.StorageConnection(binding.String("connection")), queueName);
        await _storage.EnsureQueueAsync(queue, cancellationToken);
        foreach (var message in messages)
        {
            await queue.SendMessageAsync(message, cancellationToken: cancellationToken);
        }

        _logger.LogDebug("Wrote {Count} messages to queue {Queue}", messages.Count, queueName);
    }

    private async Task WriteBlobAsync(BindingDescriptor binding, TypedData? value, IReadOnlyDictionary<string, TypedData> triggerMetadata, CancellationToken cancellationToken)
    {
        var content = TypedDataPayloads.Content(value);
        if (content is null)
        {
            return;
        }

        var path = BindingExpressions.Resolve(binding.String("blobPath") ?? binding.String("path") ?? string.Empty, triggerMetadata, _settings);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new InvalidOperationException($"Blob output path '{path}' must be container/blob.");
        }

        var container = _storage.Container(_settings.StorageConnection(binding.String("connection")), path[..slash]);
        await _storage.EnsureContainerAsync(container, cancellationToken);
        await container.GetBlobClient(path[(slash + 1)..]).UploadAsync(content, overwrite: true, cancellationToken);
        _logger.LogDebug("Wrote blob {Path}", path);
    }
}
