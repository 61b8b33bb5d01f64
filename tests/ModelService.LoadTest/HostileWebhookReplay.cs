using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ModelService.LoadTest;

/// <summary>
/// Replays finding 2 of issue 13 against a running host: async predictions whose webhook receiver hangs, and at the
/// same time async predictions without a webhook (the probes). Prints how long the probes take from submission to
/// "succeeded" before and while the receiver hangs: with delivery inside the prediction's queue function the
/// probes wait for the hanging deliveries' timeouts and retries; with its own queue they do not.
/// </summary>
internal static class HostileWebhookReplay
{
    public const string Mode = "hostile-webhook";

    public static async Task<int> RunAsync(LoadTestOptions options, int hostile, int probes, CancellationToken cancellationToken)
    {
        using var inProcess = new InProcessTarget(options);
        var key = await LoadTenant.CreateKeyAsync(inProcess.Tenants, cancellationToken);
        var model = (await ModelPreparation.PrepareAsync(inProcess, options with { Models = [], Synthetic = true }, Console.Out, cancellationToken)).Single();
        using var client = new HttpClient { BaseAddress = options.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var receiver = new HangingReceiver();

        // One prediction first, so the model is warm in the worker and the queue poller awake before anything is timed.
        await ProbeAsync(client, model, 1, cancellationToken);
        var baseline = await ProbeAsync(client, model, probes, cancellationToken);
        Console.WriteLine(Describe("baseline (no webhook anywhere)", baseline));

        var stopwatch = Stopwatch.StartNew();
        var hostileIds = await Task.WhenAll(Enumerable.Range(0, hostile).Select(_ => SubmitAsync(client, model, receiver.Url, cancellationToken)));
        var stalled = await ProbeAsync(client, model, probes, cancellationToken);
        Console.WriteLine(Describe($"while {hostile} webhooks hang", stalled));
        var hostileDone = await Task.WhenAll(hostileIds.Select(id => WaitAsync(client, id, Stopwatch.StartNew(), cancellationToken)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the {hostile} predictions with a hanging webhook: all succeeded after {stopwatch.Elapsed.TotalSeconds:F1} s (max {hostileDone.Max():F2} s from the probes' end); receiver held {receiver.Connections} connections"));
        Console.WriteLine();
        Console.WriteLine("| async latency (submit to succeeded) | probes | p50 | max |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine(Row("no webhook anywhere", baseline));
        Console.WriteLine(Row($"while {hostile} webhook receivers hang", stalled));
        return 0;
    }

    private static async Task<double[]> ProbeAsync(HttpClient client, (string Model, byte[] Body) model, int count, CancellationToken cancellationToken)
    {
        var timings = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var stopwatch = Stopwatch.StartNew();
            var id = await SubmitAsync(client, model, null, cancellationToken);
            return await WaitAsync(client, id, stopwatch, cancellationToken);
        }));
        Array.Sort(timings);
        return timings;
    }

    private static async Task<string> SubmitAsync(HttpClient client, (string Model, byte[] Body) model, Uri? webhook, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{model.Model}/infer") { Content = new ByteArrayContent(model.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Prefer", "respond-async");
        if (webhook is not null)
        {
            request.Headers.Add("Webhook", webhook.ToString());
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Submission answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls until the prediction succeeded; returns the seconds since the stopwatch started. Bounded: 5 minutes.</summary>
    private static async Task<double> WaitAsync(HttpClient client, string id, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        while (stopwatch.Elapsed < TimeSpan.FromMinutes(5))
        {
            using var response = await client.GetAsync($"api/predictions/{id}", cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var status = document.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status == "succeeded")
            {
                return stopwatch.Elapsed.TotalSeconds;
            }

            if (status == "failed")
            {
                throw new InvalidOperationException($"Prediction {id} failed: {document.RootElement}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"Prediction {id} did not finish within 5 minutes.");
    }

    private static string Describe(string what, double[] seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: {seconds.Length} probes, p50 {Median(seconds):F2} s, max {seconds[^1]:F2} s");

    private static string Row(string what, double[] seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"| {what} | {seconds.Length} | {Median(seconds):F2} s | {seconds[^1]:F2} s |");

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];
}
