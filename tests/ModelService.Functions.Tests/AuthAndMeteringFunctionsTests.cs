using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using ModelService.Core.Billing;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;
using ModelService.Functions.Health;
using ModelService.Functions.Http;
using ModelService.Functions.Inference;
using ModelService.Functions.Usage;
using ModelService.Testing;

namespace ModelService.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AuthAndMeteringFunctionsTests : IAsyncLifetime
{
    private const string OneRow = """{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}""";
    private readonly FunctionsTestServices _services;
    private readonly InferFunctions _infer;
    private readonly ModelMetadataFunctions _metadata;

    public AuthAndMeteringFunctionsTests(AzuriteFixture azurite)
    {
        _services = new FunctionsTestServices(azurite);
        _infer = _services.Create<InferFunctions>();
        _metadata = _services.Create<ModelMetadataFunctions>();
    }

    [Fact]
    public async Task A_successful_call_emits_one_usage_event_at_its_price()
    {
        var name = await PublishAsync(new ModelPricing(1_500, 250));

        var response = await _services.CallAsync(() => _infer.Infer(_services.PostRequest(OneRow), name));

        ResultAssert.Json(response, 200);

        // Group commit (the default): by the time the response leaves, its event is on the queue.
        var usage = Assert.Single(await _services.TakeUsageAsync());
        Assert.Equal(_services.TenantId, usage.TenantId);
        Assert.Equal((name, 1, 2L), (usage.Model, usage.Version, usage.Items));
        Assert.Equal(UsageStatus.Succeeded, usage.Status);
        Assert.Equal(1_500 + (2 * 250), usage.AmountMicros);
        Assert.Equal(32, usage.CallId.Length);
        Assert.Equal(_services.Key.Split('_')[1], usage.KeyId);

        // Its measured compute time × 10 W × 1.5 PUE in nWh (1 nWh = 3.6 µJ), then × 360 g/kWh in ng.
        Assert.True(usage.ComputeMicros > 0);
        var energy = (long)Math.Round(usage.ComputeMicros * 15m / 3.6m, MidpointRounding.AwayFromZero);
        Assert.Equal((energy, (long)Math.Round(energy * 360m / 1000m, MidpointRounding.AwayFromZero)), (usage.EnergyNanoWattHours, usage.Co2eNanograms));
    }

    [Fact]
    public async Task A_failed_call_is_recorded_at_zero_with_its_reason()
    {
        var name = await PublishAsync(new ModelPricing(1_500, 250));

        var response = await _services.CallAsync(() => _infer.Infer(_services.PostRequest("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}"""), name));

        ResultAssert.Error(response, 400, "x");
        var usage = Assert.Single(await _services.TakeUsageAsync());
        Assert.Equal((UsageStatus.Failed, 0L, "InvalidRequest"), (usage.Status, usage.AmountMicros, usage.Error));
        Assert.Equal((0L, 0L), (usage.EnergyNanoWattHours, usage.Co2eNanograms));
        Assert.Equal(_services.Key.Split('_')[1], usage.KeyId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer msk_0123456789abcdef_notthesecret")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Calls_without_a_valid_key_are_401_and_not_metered(string? authorization)
    {
        var name = await PublishAsync(null);

        var response = await _services.CallAsync(() => _infer.Infer(FunctionsTestServices.Unauthenticated("POST", System.Text.Encoding.UTF8.GetBytes(OneRow), false, authorization), name));

        ResultAssert.Error(response, 401, authorization is null ? "required" : "not valid");
        Assert.Empty(await _services.TakeUsageAsync());
    }

    [Fact]
    public async Task Every_route_but_health_needs_a_key()
    {
        var name = await PublishAsync(null);
        var health = _services.Create<HealthFunctions>();
        var usage = _services.Create<UsageFunctions>();

        ResultAssert.Error(await _services.CallAsync(() => _metadata.Metadata(NoKey(), name)), 401, "key");
        ResultAssert.Error(await _services.CallAsync(() => _metadata.VersionMetadata(NoKey(), name, "1")), 401, "key");
        ResultAssert.Error(await _services.CallAsync(() => _metadata.Ready(NoKey(), name)), 401, "key");
        ResultAssert.Error(await _services.CallAsync(() => _metadata.VersionReady(NoKey(), name, "1")), 401, "key");
        ResultAssert.Error(await _services.CallAsync(() => _infer.InferVersion(NoKey(), name, "1")), 401, "key");
        ResultAssert.Error(await _services.CallSyncAsync(() => health.Metadata(NoKey())), 401, "key");
        ResultAssert.Error(await _services.CallAsync(() => usage.Get(NoKey())), 401, "key");
        ResultAssert.Json(await _services.CallSyncAsync(() => health.Live(NoKey())), 200);
        ResultAssert.Json(await _services.CallAsync(() => health.Ready(NoKey())), 200);
    }

    [Fact]
    public async Task The_api_key_header_works_like_bearer()
    {
        var name = await PublishAsync(null);
        var request = FunctionsTestServices.Unauthenticated("GET", null);
        request.Headers["api-key"] = _services.Key;

        ResultAssert.Json(await _services.CallAsync(() => _metadata.Metadata(request, name)), 200);
    }

    [Fact]
    public async Task A_revoked_key_is_401_and_a_key_without_the_scope_is_403()
    {
        var name = await PublishAsync(null);
        var store = _services.Get<TenantStore>();
        var usageOnly = await store.CreateKeyAsync(_services.TenantId, ApiKeyScopes.Usage, CancellationToken.None);
        var revoked = await store.CreateKeyAsync(_services.TenantId, ApiKeyScopes.All, CancellationToken.None);
        await store.RevokeKeyAsync(revoked.Info.KeyId, CancellationToken.None);

        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(KeyRequest(usageOnly.Secret, OneRow), name)), 403, "infer");
        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(KeyRequest(revoked.Secret, OneRow), name)), 401, "not valid");
    }

    [Fact]
    public async Task Another_tenants_private_model_reads_exactly_like_a_missing_one()
    {
        var store = _services.Get<TenantStore>();
        var owner = TestNames.Tenant("owner");
        await store.CreateTenantAsync(owner, "Owner", null, null, CancellationToken.None);
        var ownerKey = (await store.CreateKeyAsync(owner, ApiKeyScopes.All, CancellationToken.None)).Secret;
        var name = await PublishAsync(null, owner);
        var missing = TestNames.Model("gone");

        ResultAssert.Json(await _services.CallAsync(() => _infer.Infer(KeyRequest(ownerKey, OneRow), name)), 200);
        var hidden = Message(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(OneRow), name)));
        var absent = Message(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(OneRow), missing)));
        Assert.Equal(absent.Replace(missing, "M", StringComparison.Ordinal), hidden.Replace(name, "M", StringComparison.Ordinal));
        ResultAssert.Error(await _services.CallAsync(() => _metadata.Metadata(_services.GetRequest(), name)), 404, name);
        ResultAssert.Error(await _services.CallAsync(() => _metadata.VersionReady(_services.GetRequest(), name, "1")), 404, "version 1");
    }

    [Fact]
    public async Task Over_the_rate_a_call_is_429_with_retry_after_and_not_metered()
    {
        var store = _services.Get<TenantStore>();
        var slow = TestNames.Tenant("slow");
        await store.CreateTenantAsync(slow, "Slow", 0.5, null, CancellationToken.None);
        var key = (await store.CreateKeyAsync(slow, ApiKeyScopes.Infer, CancellationToken.None)).Secret;
        var name = await PublishAsync(null);

        var first = await _services.CallAsync(() => _infer.Infer(KeyRequest(key, OneRow), name));
        var secondRequest = KeyRequest(key, OneRow);
        var second = await _services.CallAsync(() => _infer.Infer(secondRequest, name));

        ResultAssert.Json(first, 200);
        ResultAssert.Error(second, 429, "rate");
        Assert.Single(await _services.TakeUsageAsync());
        Assert.True(int.Parse(secondRequest.HttpContext.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 2);
    }

    [Fact]
    public async Task At_the_monthly_spend_cap_a_call_is_402()
    {
        var store = _services.Get<TenantStore>();
        var capped = TestNames.Tenant("capped");
        await store.CreateTenantAsync(capped, "Capped", null, 1_000, CancellationToken.None);
        var key = (await store.CreateKeyAsync(capped, ApiKeyScopes.Infer, CancellationToken.None)).Secret;
        var name = await PublishAsync(new ModelPricing(1_000, 0));

        var first = await _services.CallAsync(() => _infer.Infer(KeyRequest(key, OneRow), name));
        await _services.Create<UsageRecorderFunction>().Record(Assert.Single(await _services.TakeUsageMessagesAsync()), CancellationToken.None);
        var second = await _services.CallAsync(() => _infer.Infer(KeyRequest(key, OneRow), name));

        ResultAssert.Json(first, 200);
        ResultAssert.Error(second, 402, "spend cap");
    }

    [Fact]
    public async Task Usage_reports_the_tenants_recorded_calls_as_json_and_csv()
    {
        var name = await PublishAsync(new ModelPricing(1_000, 10));
        var recorder = _services.Create<UsageRecorderFunction>();
        for (var i = 0; i < 3; i++)
        {
            await _services.CallAsync(() => _infer.Infer(_services.PostRequest(OneRow), name));
        }

        // Each message delivered twice, as the queue may: every call is still counted once.
        var messages = await _services.TakeUsageMessagesAsync();
        var events = messages.SelectMany(m => UsageBatchJson.Parse(m)).ToList();
        foreach (var message in messages)
        {
            await recorder.Record(message, CancellationToken.None);
            await recorder.Record(message, CancellationToken.None);
        }

        var usage = _services.Create<UsageFunctions>();
        var json = ResultAssert.Json(await _services.CallAsync(() => usage.Get(_services.GetRequest())), 200);
        var csvRequest = _services.GetRequest();
        csvRequest.QueryString = new Microsoft.AspNetCore.Http.QueryString("?groupBy=day&format=csv");
        var csv = Assert.IsType<ContentResult>(await _services.CallAsync(() => usage.Get(csvRequest)));

        Assert.Equal(3, json.GetProperty("totalCalls").GetInt64());
        Assert.Equal(3 * (1_000 + 20), json.GetProperty("totalAmountMicros").GetInt64());
        Assert.Equal(name, json.GetProperty("rows")[0].GetProperty("group").GetString());
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        var lines = csv.Content!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var energy = events.Sum(e => e.EnergyNanoWattHours!.Value);
        var co2e = events.Sum(e => e.Co2eNanograms!.Value);
        Assert.Equal(3, events.Count);
        Assert.True(energy > 0);
        Assert.Equal((energy, MicroUnits.Format(energy)), (json.GetProperty("totalEnergyNanoWattHours").GetInt64(), json.GetProperty("totalEnergyMwh").GetString()));
        Assert.Equal((co2e, MicroUnits.Format(co2e)), (json.GetProperty("totalCo2eNanograms").GetInt64(), json.GetProperty("totalCo2eMg").GetString()));
        Assert.Equal(energy, json.GetProperty("rows")[0].GetProperty("energyNanoWattHours").GetInt64());
        Assert.Equal(MicroUnits.Format(co2e), json.GetProperty("rows")[0].GetProperty("co2eMg").GetString());
        Assert.Equal("day,calls,failed_calls,items,compute_ms,amount_micros,amount,energy_nwh,energy_mwh,co2e_ng,co2e_mg", lines[0]);
        Assert.EndsWith(",3,0,6," + lines[1].Split(',')[4] + $",3060,0.00306,{energy},{MicroUnits.Format(energy)},{co2e},{MicroUnits.Format(co2e)}", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poisoned_usage_message_is_parked_and_replay_bills_it_once()
    {
        var name = await PublishAsync(new ModelPricing(1_000, 0));
        await _services.CallAsync(() => _infer.Infer(_services.PostRequest(OneRow), name));
        var message = Assert.Single(await _services.TakeUsageMessagesAsync());

        // The ledger refused it until the host moved it to usage-events-poison; it is parked, then replayed twice.
        await _services.Create<UsagePoisonFunction>().Park(message, CancellationToken.None);
        var replayer = _services.Get<UsageReplayer>();
        Assert.Equal(1, (await replayer.ReplayAsync(CancellationToken.None)).Events);
        Assert.Equal(0, (await replayer.ReplayAsync(CancellationToken.None)).Events);
        var recorder = _services.Create<UsageRecorderFunction>();
        foreach (var replayed in await _services.TakeUsageMessagesAsync())
        {
            await recorder.Record(replayed, CancellationToken.None);
        }

        await recorder.Record(message, CancellationToken.None);
        var usage = _services.Create<UsageFunctions>();
        var json = ResultAssert.Json(await _services.CallAsync(() => usage.Get(_services.GetRequest())), 200);
        Assert.Equal((1L, 1_000L), (json.GetProperty("totalCalls").GetInt64(), json.GetProperty("totalAmountMicros").GetInt64()));
    }

    [Fact]
    public async Task An_async_request_is_accepted_with_where_to_poll_and_a_webhookSecret_only_when_asked()
    {
        var name = await PublishAsync(null);
        var plain = _services.PostRequest(OneRow);
        plain.Headers["Prefer"] = "respond-async";
        var withWebhook = _services.PostRequest(OneRow);
        withWebhook.Headers["Prefer"] = "wait=5, respond-async";
        withWebhook.Headers["Webhook"] = "https://93.184.215.14/modelsvc";

        var first = Assert.IsType<Utf8JsonResult>(await _services.CallAsync(() => _infer.Infer(plain, name)));
        var second = Assert.IsType<Utf8JsonResult>(await _services.CallAsync(() => _infer.Infer(withWebhook, name)));

        var body = ResultAssert.Json(first, 202);
        Assert.Equal($"/api/predictions/{body.GetProperty("id").GetString()}", first.Location);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        Assert.False(body.TryGetProperty("webhookSecret", out _));
        Assert.StartsWith("whsec_", ResultAssert.Json(second, 202).GetProperty("webhookSecret").GetString(), StringComparison.Ordinal);
        Assert.Equal("respond-async", plain.HttpContext.Response.Headers["Preference-Applied"].ToString());
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?groupBy=tenant", "groupBy")]
    [InlineData("?format=xml", "format")]
    [InlineData("?from=2026-11-30&to=2026-11-01", "after")]
    public async Task A_bad_usage_query_is_400(string query, string fragment)
    {
        var request = _services.GetRequest();
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);

        ResultAssert.Error(await _services.CallAsync(() => _services.Create<UsageFunctions>().Get(request)), 400, fragment);
    }

    public Task InitializeAsync() => _services.CreateTenantAsync();

    public Task DisposeAsync()
    {
        _services.Dispose();
        return Task.CompletedTask;
    }

    private static Microsoft.AspNetCore.Http.HttpRequest NoKey() => FunctionsTestServices.Unauthenticated("GET", null);

    private static string Message(IActionResult response) => ResultAssert.Json(response, 404).GetProperty("error").GetString()!;

    private static Microsoft.AspNetCore.Http.HttpRequest KeyRequest(string key, string json) =>
        FunctionsTestServices.Unauthenticated("POST", System.Text.Encoding.UTF8.GetBytes(json), authorization: $"Bearer {key}");

    private async Task<string> PublishAsync(ModelPricing? pricing, string? owner = null)
    {
        var name = TestNames.Model("bill");
        var file = TestModels.WriteTemporary(TestModels.AddBias(3, 1f));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = name, Pricing = pricing, Owner = owner }, file, null, CancellationToken.None);
            return name;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
