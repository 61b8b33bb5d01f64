using System.Text;
using System.Text.Json;
using ModelService.Core.Billing;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;
using ModelService.Core.Tests.Webhooks;
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
            ["ModelService:Predictions:WebhookAttempts"] = "3",
            ["ModelService:Predictions:WebhookTimeoutSeconds"] = "1",
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
        using (sync)
        {
            Assert.Equal(Outputs(sync.Response.ToArray()), Outputs(result!.ToArray()));
        }
        var usage = UsageEventJson.Parse(first.UsageEventJson!);
        Assert.Equal((record.Id, UsageKinds.Async, 2L, 1_000 + (2 * 10L)), (usage.CallId, usage.Kind, usage.Items, usage.AmountMicros));
        Assert.Equal("test", usage.KeyId);
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

    [Theory]
    [InlineData("{tenant}/../{other}/r/request.json")]
    [InlineData("{tenant}/./../{other}/r/request.json")]
    [InlineData("{tenant}/%2E%2E/{other}/r/request.json")]
    [InlineData("{tenant}/..%2F{other}/r/request.json")]
    [InlineData("{tenant}\\..\\{other}/r/request.json")]
    [InlineData("{tenant}//{other}/r/request.json")]
    [InlineData("{other}/r/request.json")]
    public async Task A_request_blob_outside_the_tenant_fails_the_prediction_before_any_blob_is_read(string pattern)
    {
        var other = TestNames.Tenant("victim");
        var victimBlob = $"{other}/r/request.json";
        var container = _services.Get<Storage.StorageClientFactory>().CreateBlobServiceClient().GetBlobContainerClient(_services.Get<Microsoft.Extensions.Options.IOptions<PredictionOptions>>().Value.Container);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(victimBlob).UploadAsync(BinaryData.FromString(Request), overwrite: true);
        var message = new PredictionMessage
        {
            Id = PredictionIds.New(),
            TenantId = _tenant,
            Model = _model,
            RequestBlob = pattern.Replace("{tenant}", _tenant, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal),
        };

        var record = await Runner.RunAsync(message, CancellationToken.None);

        Assert.Equal(PredictionStatus.Failed, record.Status);
        Assert.Contains("requestBlob", record.Reason, StringComparison.Ordinal);
        Assert.Null(record.UsageEventJson);
        Assert.Null(await Store.ReadResultAsync(record, CancellationToken.None));
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
    public async Task The_webhook_gets_a_signed_notification_from_its_own_queue_and_retries_until_it_is_taken()
    {
        using var receiver = new WebhookReceiver(503, 200);
        var record = await SubmitAsync(receiver.Url.ToString());

        var done = await Runner.RunAsync(await ReceiveAsync(record.Id), CancellationToken.None);
        var first = await ReceiveDeliveryAsync(record.Id);
        var retrying = await Deliverer.DeliverAsync(first, CancellationToken.None);
        var second = await ReceiveDeliveryAsync(record.Id);
        var delivered = await Deliverer.DeliverAsync(second, CancellationToken.None);

        Assert.Equal((PredictionStatus.Succeeded, PredictionRunner.QueuedWebhook), (done.Status, done.WebhookStatus));
        Assert.Equal("retrying: attempt 1 of 3 failed (receiver answered 503)", retrying);
        Assert.Equal((2, first.MessageId, first.Body), (second.Attempt, second.MessageId, second.Body));
        Assert.Equal("delivered (200)", delivered);
        Assert.Equal(delivered, (await Store.FindAsync(_tenant, record.Id, CancellationToken.None))!.WebhookStatus);
        Assert.Equal(2, receiver.Received.Count);
        var (body, messageId, timestamp, signature) = receiver.Received[^1];
        Assert.Equal((first.Body, first.MessageId), (body, messageId));
        Assert.True(WebhookSignature.Verify(record.WebhookSecret!, messageId, timestamp, body, signature));
        using var notification = JsonDocument.Parse(body);
        Assert.Equal(PredictionStatus.Succeeded, notification.RootElement.GetProperty("status").GetString());
        Assert.Equal($"/api/predictions/{record.Id}", notification.RootElement.GetProperty("location").GetString());
        Assert.False(notification.RootElement.TryGetProperty("response", out _));
    }

    [Fact]
    public async Task A_receiver_that_hangs_never_holds_up_the_prediction_and_costs_its_delivery_one_timeout()
    {
        using var receiver = new WebhookReceiver(ReceiverBehaviour.Hang);
        var record = await SubmitAsync(receiver.Url.ToString());

        var done = await Runner.RunAsync(await ReceiveAsync(record.Id), CancellationToken.None);
        var contactedByTheRun = receiver.Received.Count;
        var outcome = await Deliverer.DeliverAsync(await ReceiveDeliveryAsync(record.Id), CancellationToken.None);

        Assert.Equal((PredictionStatus.Succeeded, 0), (done.Status, contactedByTheRun));
        Assert.Equal("retrying: attempt 1 of 3 failed (timed out)", outcome);
        Assert.Equal(2, (await ReceiveDeliveryAsync(record.Id)).Attempt);
    }

    [Fact]
    public async Task A_redelivered_prediction_whose_notification_was_not_yet_tried_queues_it_again_under_the_same_webhook_id()
    {
        using var receiver = new WebhookReceiver();
        var record = await SubmitAsync(receiver.Url.ToString());
        var message = await ReceiveAsync(record.Id);

        await Runner.RunAsync(message, CancellationToken.None);
        var again = await Runner.RunAsync(message, CancellationToken.None);
        var first = await ReceiveDeliveryAsync(record.Id);
        var second = await ReceiveDeliveryAsync(record.Id);

        Assert.Equal((PredictionRunner.QueuedWebhook, 1), (again.WebhookStatus, again.Attempts));
        Assert.Equal((first.MessageId, first.Body), (second.MessageId, second.Body));
    }

    [Fact]
    public async Task The_last_attempt_ends_the_delivery_as_failed_without_another_message()
    {
        using var receiver = new WebhookReceiver(503, 503, 503);
        var record = await SubmitAsync(receiver.Url.ToString());
        await Runner.RunAsync(await ReceiveAsync(record.Id), CancellationToken.None);
        var last = (await ReceiveDeliveryAsync(record.Id)) with { Attempt = 3 };

        var outcome = await Deliverer.DeliverAsync(last, CancellationToken.None);

        Assert.Equal("failed after 3 attempts: receiver answered 503", outcome);
        Assert.Equal(outcome, (await Store.FindAsync(_tenant, record.Id, CancellationToken.None))!.WebhookStatus);
        Assert.Null(await TryReceiveDeliveryAsync(record.Id, required: false));
    }

    [Fact]
    public async Task A_delivery_for_a_prediction_that_is_gone_is_dropped()
    {
        var delivery = new WebhookDelivery { TenantId = _tenant, PredictionId = PredictionIds.New(), MessageId = "gone-succeeded", Body = "{}" };

        Assert.Null(await Deliverer.DeliverAsync(delivery, CancellationToken.None));
    }

    [Fact]
    public void The_back_off_doubles_from_the_retry_setting_up_to_six_hours()
    {
        var deliverer = new WebhookDeliverer(Store, _services.Get<WebhookSender>(), _services.Get<WebhookDeliveryQueue>(), Microsoft.Extensions.Options.Options.Create(new PredictionOptions { WebhookRetrySeconds = 30 }), Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookDeliverer>.Instance);

        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromHours(6)],
            new[] { 1, 2, 3, 12 }.Select(deliverer.BackOff));
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

    private WebhookDeliverer Deliverer => _services.Get<WebhookDeliverer>();

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

    /// <summary>Takes the prediction's next delivery off webhook-deliveries, as the delivery function's trigger would.</summary>
    private async Task<WebhookDelivery> ReceiveDeliveryAsync(string id) =>
        await TryReceiveDeliveryAsync(id, required: true) ?? throw new Xunit.Sdk.XunitException($"No webhook delivery for prediction {id}.");

    /// <summary>The prediction's next delivery; when not required, null once the queue has nothing visible left.</summary>
    private async Task<WebhookDelivery?> TryReceiveDeliveryAsync(string id, bool required)
    {
        var queue = _services.Get<Storage.StorageClientFactory>().CreateQueueServiceClient().GetQueueClient(WebhookDeliveryQueue.QueueName);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            foreach (var message in batch)
            {
                var parsed = WebhookDeliveryJson.Parse(message.Body.ToString());
                if (parsed.PredictionId == id)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    return parsed;
                }
            }

            if (!required && batch.Length == 0)
            {
                return null;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
