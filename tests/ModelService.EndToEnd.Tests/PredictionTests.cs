using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Queues;
using ModelService.Core.Billing;
using ModelService.Core.Predictions;
using ModelService.Core.Webhooks;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Asynchronous inference through the real app: Prefer: respond-async, the queue function, polling, poison.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PredictionTests
{
    private static readonly TimeSpan QueueTimeout = TimeSpan.FromSeconds(60);
    private readonly EndToEndFixture _fixture;

    public PredictionTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task An_async_request_is_accepted_polled_and_answers_like_the_sync_call()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 4f));
        var body = V2.InferRequest([1f, 2f, 3f, 4f, 5f, 6f], 2, id: "async-1");

        var accepted = await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", body));
        var sync = await V2.ReadJsonAsync(await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(body)), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        var id = (await V2.ReadJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/predictions/{id}", location);
        var done = await PollAsync(location);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(sync.GetProperty("outputs").GetRawText(), done.GetProperty("response").GetProperty("outputs").GetRawText());
        await Eventually.GetAsync(
            () => _fixture.Ledger.QueryLedgerAsync(_fixture.TenantId, Today.AddDays(-1), Today, CancellationToken.None),
            ledger => ledger.Any(e => e.CallId == id && e.Kind == UsageKinds.Async && e.Items == 2),
            QueueTimeout,
            "the async call's usage event in the ledger");
    }

    [Fact]
    public async Task Async_submissions_are_checked_before_they_are_queued()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 4f));
        var body = V2.InferRequest([1f, 2f, 3f], 1);

        await V2.ErrorAsync(await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{TestNames.Model("none")}/infer", body)), HttpStatusCode.NotFound, "has no");
        await V2.ErrorAsync(await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", "[1,2]")), HttpStatusCode.BadRequest, "JSON object");
        await V2.ErrorAsync(await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", V2.InferRequest([1f, 2f], 1))), HttpStatusCode.BadRequest, "'x'");
        await V2.ErrorAsync(await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", body, "https://169.254.169.254/latest")), HttpStatusCode.BadRequest, "may not receive webhooks (cloud instance metadata)");
        await V2.ErrorAsync(await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", body, "http://example.com/hook")), HttpStatusCode.BadRequest, "https");
        await V2.ErrorAsync(await _fixture.Http.GetAsync($"api/predictions/{PredictionIds.New()}"), HttpStatusCode.NotFound, "does not exist");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_as_a_failed_prediction_with_its_reason()
    {
        var id = PredictionIds.New();
        var queue = new QueueClient(_fixture.UsageQueueConnection, PredictionOptions.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();

        // A model name that is not a string: the message names its prediction but cannot be run.
        await queue.SendMessageAsync($$"""{"id":"{{id}}","tenantId":"{{_fixture.TenantId}}","model":42}""");

        var failed = await PollAsync($"/api/predictions/{id}");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("repeated attempts", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_is_tried_from_its_own_queue_after_the_prediction_has_finished()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 4f));
        var body = V2.InferRequest([1f, 2f, 3f], 1);

        // A public address the test machines do not reach (no route out, or no answer): the attempt fails (unreachable or timed
        // out) on webhook-deliveries while the prediction itself is already done.
        var accepted = await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", body, "https://93.184.215.14/hook"));
        var location = accepted.Headers.Location!.ToString();
        var tried = await Eventually.GetAsync(
            async () => await V2.ReadJsonAsync(await _fixture.Http.GetAsync(location.TrimStart('/')), HttpStatusCode.OK),
            view => view.TryGetProperty("webhook", out var webhook) && webhook.GetString()!.StartsWith("retrying: attempt 1 ", StringComparison.Ordinal),
            QueueTimeout,
            "the webhook's first attempt");

        Assert.Equal("succeeded", tried.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_poisoned_webhook_delivery_ends_as_failed_and_is_not_retried()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 4f));
        // Without a webhook of its own, so no real delivery races the poisoned one.
        var accepted = await _fixture.Http.SendAsync(AsyncRequest($"v2/models/{name}/infer", V2.InferRequest([1f, 2f, 3f], 1)));
        var id = (await V2.ReadJsonAsync(accepted, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await PollAsync($"/api/predictions/{id}");
        var poison = new QueueClient(_fixture.UsageQueueConnection, WebhookDeliveryQueue.QueueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();

        await poison.SendMessageAsync(WebhookDeliveryJson.Serialize(new WebhookDelivery { TenantId = _fixture.TenantId, PredictionId = id, MessageId = $"{id}-succeeded", Body = "{}", Attempt = 3 }));

        await Eventually.GetAsync(
            async () => await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"api/predictions/{id}"), HttpStatusCode.OK),
            view => view.TryGetProperty("webhook", out var webhook) && webhook.GetString()!.StartsWith("failed: the delivery could not be processed", StringComparison.Ordinal),
            QueueTimeout,
            "the poisoned delivery to be ended");
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static HttpRequestMessage AsyncRequest(string path, string body, string? webhook = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = V2.Json(body) };
        request.Headers.Add("Prefer", "respond-async");
        if (webhook is not null)
        {
            request.Headers.Add("Webhook", webhook);
        }

        return request;
    }

    private Task<JsonElement> PollAsync(string location) =>
        Eventually.GetAsync(
            async () =>
            {
                var response = await _fixture.Http.GetAsync(location.TrimStart('/'));
                return response.StatusCode == HttpStatusCode.OK ? await V2.ReadJsonAsync(response, HttpStatusCode.OK) : default;
            },
            view => view.ValueKind == JsonValueKind.Object && PredictionStatus.IsFinal(view.GetProperty("status").GetString()!),
            QueueTimeout,
            $"{location} to finish");
}
