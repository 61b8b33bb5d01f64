using Azure.Core;
using ModelService.Core.Tenancy;
using ModelService.Core.Tests.Billing;
using ModelService.Testing;

namespace ModelService.Core.Tests.Training;

/// <summary>
/// A store whose first attempt to create its container, table or queue fails works on the next call, without a
/// restart: the failed attempt is not kept.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StoreCreationRecoveryTests : IDisposable
{
    private readonly LostResponsePolicy _faults = new() { BeforeSending = true, Matches = IsCreate };
    private readonly TrainingTestServices _services;

    public StoreCreationRecoveryTests(AzuriteFixture azurite)
    {
        _services = new TrainingTestServices(azurite, _faults);
    }

    [Fact]
    public async Task The_datasets_container_is_created_on_the_call_after_a_failed_first_attempt()
    {
        _faults.FailNext(1);

        await Assert.ThrowsAnyAsync<Exception>(() => _services.Datasets.UploadAsync("acme", "flowers", "a,b\n1,2\n"u8.ToArray(), TenantLimits.Defaults, CancellationToken.None));
        var info = await _services.Datasets.UploadAsync("acme", "flowers", "a,b\n1,2\n"u8.ToArray(), TenantLimits.Defaults, CancellationToken.None);

        Assert.Equal(1, _faults.Injected);
        Assert.True(await _services.Datasets.ExistsAsync("acme", info.Name, CancellationToken.None));
    }

    [Fact]
    public async Task The_jobs_and_events_tables_are_created_on_the_call_after_a_failed_first_attempt()
    {
        _faults.FailNext(2);

        await Assert.ThrowsAnyAsync<Exception>(() => _services.Store.ListAsync("acme", CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => _services.Events.ListAsync("job", 0, 10, CancellationToken.None));

        Assert.Empty(await _services.Store.ListAsync("acme", CancellationToken.None));
        Assert.Empty(await _services.Events.ListAsync("job", 0, 10, CancellationToken.None));
        Assert.Equal(2, _faults.Injected);
    }

    [Fact]
    public async Task The_jobs_queue_is_created_on_the_call_after_a_failed_first_attempt()
    {
        _faults.FailNext(1);

        await Assert.ThrowsAnyAsync<Exception>(() => _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Null(await _services.Queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(1, _faults.Injected);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Creating a container (PUT ?restype=container), a queue (PUT /account/name) or a table (POST /account/Tables).</summary>
    private static bool IsCreate(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var method = message.Request.Method;
        return segments.Length == 2 && !uri.Query.Contains("comp=", StringComparison.Ordinal)
               && (method == RequestMethod.Put || (method == RequestMethod.Post && segments[1] == "Tables"));
    }
}
