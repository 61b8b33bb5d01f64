using System.Text;
using System.Text.Json;
using ModelService.Core.Billing;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;
using ModelService.Testing;

namespace ModelService.Core.Tests.Predictions;

[Collection(AzuriteCollection.Name)]
public sealed class PredictionRunnerTests : IAsyncLifetime
{
    private const string Request = """{"id":"r1","inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]}""";
    private readonly CoreTestServices _services;
    private readonly string _tenant = TestNames.Tenant("async");
    private string _model = string.Empty;

    public PredictionRunnerTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(azurite, settings: new Dictionary<string, string?>
        {
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
            ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
            ["ModelService:Predictions:Table"] = TestNames.Table("predictions"),
            ["ModelService:Predictions:Container"] = TestNames.Container("predictions"),
            ["ModelService:Predictions:InlineRequestMaxBytes"] = "64",
            ["ModelService:Predictions:AllowPrivateWebhookTargets"] = "true",
            ["ModelService:Predictions:WebhookRetrySeconds"] = "0",
        });
    }

    [Fact]
    public async Task A_submitted_prediction_runs_to_the_same_result_as_a_sync_call_and_is_billed_once()
    {
        var record = await SubmitAsync(webhook: null);
        var message = await ReceiveAsync(record.Id);

        var first = await Runner.RunAsync(message, CancellationToken.None);
        var again = await Runner.RunAsync(message, CancellationToken.None);

        Assert.Equal(PredictionStatus.Succeeded, first.Status);
        var sync = await _services.Get<ModelServing>().InferAsync(_tenant, _model, null, Encoding.UTF8.GetBytes(Request), CancellationToken.None);
        var result = await Store.ReadResultAsync(first, CancellationToken.None);
        Assert.Equal(Outputs(sync.ResponseJson), Outputs(result!.ToArray()));
        var usage = UsageEventJson.Parse(first.UsageEventJson!);
        Assert.Equal((record.Id, UsageKinds.Async, 2L, 1_000 + (2 * 10L)), (usage.CallId, usage.Kind, usage.Items, usage.AmountMicros));
        Assert.Equal((first.UsageEventJson, 1), (again.UsageEventJson, again.Attempts));
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_model_fails_the_prediction_with_its_reason_at_zero()
    {
        var message = new PredictionMessage
        {
            Id = PredictionIds.New(),
            TenantId = _tenant,
            Model = _model,
            Request = JsonDocument.Parse("""{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""").RootElement,
        };

        var record = await Runner.RunAsync(message, CancellationToken.None);

        Assert.Equal(PredictionStatus.Failed, record.Status);
        Assert.Contains("'x'", record.Reason, StringComparison.Ordinal);
        Assert.Equal(0, UsageEventJson.Parse(record.UsageEventJson!).AmountMicros);
        Assert.Equal(record, (await Store.FindAsync(_tenant, message.Id, CancellationToken.None))! with { UpdatedAt = record.UpdatedAt });
    }

    [Fact]
    public async Task A_poisoned_message_ends_its_prediction_as_failed_even_without_a_record()
    {
        var id = PredictionIds.New();

        await Runner.FailAsync(_tenant, id, _model, "The request could not be processed after repeated attempts.", CancellationToken.None);

        var record = await Store.FindAsync(_tenant, id, CancellationToken.None);
        Assert.Equal((PredictionStatus.Failed, _model), (record!.Status, record.Model));
        Assert.Contains("repeated attempts", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_predictions_usage_is_sent_again_when_its_message_is_poisoned()
    {
        var record = await SubmitAsync(webhook: null);
        await Runner.RunAsync(await ReceiveAsync(record.Id), CancellationToken.None);
        var sent = await TakeUsageAsync();

        // The run finished but its message kept failing after that (its usage write, say) and went to poison.
        await Runner.FailAsync(_tenant, record.Id, _model, "The request could not be processed after repeated attempts.", CancellationToken.None);

        Assert.Equal([record.Id], sent.Select(e => e.CallId));
        Assert.Equal(sent, await TakeUsageAsync());
        Assert.Equal(PredictionStatus.Succeeded, (await Store.FindAsync(_tenant, record.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_webhook_gets_a_signed_notification_and_retries_until_it_is_taken()
    {
        using var receiver = new WebhookReceiver(503, 200);
        var record = await SubmitAsync(receiver.Url.ToString());

        var done = await Runner.RunAsync(await ReceiveAsync(record.Id), CancellationToken.None);

        Assert.StartsWith("delivered", done.WebhookStatus, StringComparison.Ordinal);
        Assert.Equal(2, receiver.Received.Count);
        var (body, messageId, timestamp, signature) = receiver.Received[^1];
        Assert.True(WebhookSignature.Verify(record.WebhookSecret!, messageId, timestamp, body, signature));
        using var notification = JsonDocument.Parse(body);
        Assert.Equal(PredictionStatus.Succeeded, notification.RootElement.GetProperty("status").GetString());
        Assert.Equal($"/api/predictions/{record.Id}", notification.RootElement.GetProperty("location").GetString());
        Assert.False(notification.RootElement.TryGetProperty("response", out _));
    }

    [Fact]
    public async Task A_webhook_to_a_private_address_is_not_connected_when_private_targets_are_off()
    {
        using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(
            Microsoft.Extensions.Options.Options.Create(new PredictionOptions { AllowPrivateWebhookTargets = false, WebhookAttempts = 1 }),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookSender>.Instance);

        var outcome = await sender.SendAsync(receiver.Url, WebhookSignature.NewSecret(), "m1", "{}", CancellationToken.None);

        Assert.StartsWith("failed after 1 attempts: not reachable", outcome, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    public async Task InitializeAsync()
    {
        await _services.Get<TenantStore>().CreateTenantAsync(_tenant, "Async", null, null, CancellationToken.None);
        _model = TestNames.Model("async");
        var file = TestModels.WriteTemporary(TestModels.AddBias(3, 2f));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = _model, Pricing = new ModelPricing(1_000, 10) }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public Task DisposeAsync()
    {
        _services.Dispose();
        return Task.CompletedTask;
    }

    private PredictionRunner Runner => _services.Get<PredictionRunner>();

    private async Task<List<UsageEvent>> TakeUsageAsync()
    {
        var name = _services.Get<Microsoft.Extensions.Options.IOptions<BillingOptions>>().Value.UsageQueue;
        var queue = _services.Get<ModelService.Core.Storage.StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(name);
        var events = new List<UsageEvent>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            events.AddRange(UsageBatchJson.Parse(message.MessageText));
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return events;
    }

    private PredictionStore Store => _services.Get<PredictionStore>();

    private static string Outputs(byte[] json) => JsonDocument.Parse(json).RootElement.GetProperty("outputs").GetRawText();

    private async Task<PredictionRecord> SubmitAsync(string? webhook)
    {
        var caller = new Caller(_tenant, "test", ApiKeyScopes.Infer);
        return await _services.Get<PredictionSubmitter>().SubmitAsync(caller, _model, null, Encoding.UTF8.GetBytes(Request), webhook, CancellationToken.None);
    }

    /// <summary>Takes the prediction's message off the queue, as the queue trigger would.</summary>
    private async Task<PredictionMessage> ReceiveAsync(string id)
    {
        var queue = _services.Get<Storage.StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(PredictionOptions.QueueName);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
            {
                var parsed = PredictionMessageJson.Parse(message.Body.ToString());
                if (parsed.Id == id)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    return parsed;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No message for prediction {id}.");
    }
}
