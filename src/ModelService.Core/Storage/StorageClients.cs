using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ModelService.Core.Storage;

/// <summary>
/// Registers the storage clients with <c>Microsoft.Extensions.Azure</c>: one client per service, one credential,
/// from <see cref="StorageOptions"/>: a connection string (Azurite), or endpoints with <c>DefaultAzureCredential</c>.
/// </summary>
internal static class StorageClients
{
    public static void Add(IServiceCollection services)
    {
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(Credential);
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
            {
                var storage = Storage(provider, options);
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new BlobServiceClient(storage.BlobServiceUri, credential, options)
                    : new BlobServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = Storage(provider, options);
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new TableServiceClient(storage.TableServiceUri ?? Sibling(storage, "table"), credential, options)
                    : new TableServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                // As the Functions queue extension reads them: base64 (host.json's default messageEncoding).
                options.MessageEncoding = QueueMessageEncoding.Base64;
                var storage = Storage(provider, options);
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new QueueServiceClient(storage.QueueServiceUri ?? Sibling(storage, "queue"), credential, options)
                    : new QueueServiceClient(storage.ConnectionString, options);
            });
        });
    }

    /// <summary>The options, and retries, timeout and DI-registered policies (tests inject faults with them) applied to the client's options.</summary>
    private static StorageOptions Storage(IServiceProvider provider, ClientOptions clientOptions)
    {
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        clientOptions.Retry.MaxRetries = storage.MaxRetries;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(storage.NetworkTimeoutSeconds);
        foreach (var policy in provider.GetServices<HttpPipelinePolicy>())
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        return storage;
    }

    private static TokenCredential Credential(IServiceProvider provider)
    {
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId) ? null : storage.ManagedIdentityClientId,
        });
    }

    /// <summary>In Azure the table and queue endpoints sit beside the blob one: https://{account}.table.core.windows.net.</summary>
    private static Uri Sibling(StorageOptions storage, string service) =>
        new(storage.BlobServiceUri!.ToString().Replace(".blob.", $".{service}.", StringComparison.OrdinalIgnoreCase));
}
