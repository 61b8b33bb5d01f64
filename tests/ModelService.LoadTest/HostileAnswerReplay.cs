using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ModelService.LoadTest;

/// <summary>
/// Replays finding 1 of issue 13: one sync call within the input limits that asks for a huge answer (the synthetic
/// y = x + bias model, <c>rows</c> × 4 floats in and out). Prints the request and answer sizes, the status, and how
/// much the worker's peak resident memory (VmHWM of its process) grew. Linux only (reads /proc).
/// </summary>
internal static class HostileAnswerReplay
{
    public const string Mode = "hostile-answer";

    public static async Task<int> RunAsync(LoadTestOptions options, int rows, int workerPid, CancellationToken cancellationToken)
    {
        using var inProcess = new InProcessTarget(options);
        var key = await LoadTenant.CreateKeyAsync(inProcess.Tenants, cancellationToken);
        var (model, small) = (await ModelPreparation.PrepareAsync(inProcess, options with { Models = [], Synthetic = true }, Console.Out, cancellationToken)).Single();
        using var client = new HttpClient { BaseAddress = options.Endpoint, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        // Warm: the model is loaded and the worker has served a call before the peak is read.
        (await PostAsync(client, model, small, cancellationToken)).Dispose();
        var before = PeakResidentBytes(workerPid);
        var body = Request(rows);
        var stopwatch = Stopwatch.StartNew();
        using var response = await PostAsync(client, model, body, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = stopwatch.Elapsed;
        var after = PeakResidentBytes(workerPid);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows} rows: request {body.Length / 1048576.0:F1} MiB, answer {(int)response.StatusCode} with {answer.Length / 1048576.0:F1} MiB in {elapsed.TotalSeconds:F1} s; worker peak RSS {before / 1048576.0:F0} -> {after / 1048576.0:F0} MiB (+{(after - before) / 1048576.0:F0} MiB)"));
        Console.WriteLine();
        Console.WriteLine("| rows | request | status | answer | worker peak RSS growth |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows} | {body.Length / 1048576.0:F1} MiB | {(int)response.StatusCode} | {answer.Length / 1048576.0:F1} MiB | +{(after - before) / 1048576.0:F0} MiB |"));
        return 0;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string model, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v2/models/{model}/infer") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static byte[] Request(int rows)
    {
        var text = new StringBuilder(rows * 16);
        text.Append(CultureInfo.InvariantCulture, $"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[{rows},4],\"datatype\":\"FP32\",\"data\":[");
        for (var i = 0; i < rows * 4; i++)
        {
            // Short in, long out: 1e-7 + 0.5 is written back as 0.5000001, so the answer is about twice the request.
            text.Append(i == 0 ? "1e-7" : ",1e-7");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}]}").ToString());
    }

    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
