using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.LoadTest;

/// <summary>
/// The floor the service is measured against: Kestrel on loopback and ONNX Runtime on the same model files, with the
/// same v2 JSON reader and writer, and nothing else (no host, no worker hop, no auth, no quotas, no billing).
/// <c>ModelService.LoadTest floor --port 5099 [--models iris-mlp,tabular-scorer] [--synthetic]</c>.
/// </summary>
internal static class FloorServer
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var port = 0;
        var models = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Count:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--models" when i + 1 < args.Count:
                    models.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
                    break;
                case "--synthetic":
                    models.Add(SyntheticModel.Name);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"floor: unknown option '{args[i]}'");
                    return 2;
            }
        }

        var sessions = LoadSessions(models);
        var engine = new InferenceEngine(Microsoft.Extensions.Options.Options.Create(new InferenceOptions()));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapGet("/v2/health/live", () => Results.Ok());
        app.MapPost("/v2/models/{model}/infer", async (HttpContext context, string model) =>
        {
            if (!sessions.TryGetValue(model, out var served))
            {
                return Results.NotFound();
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            using var result = engine.Infer(served.Session, served.Signature, new ModelIdentity(model, "1"), body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted);
            return Results.Bytes(result.Response.ToArray(), "application/json");
        });
        await Console.Out.WriteLineAsync($"Floor server on http://127.0.0.1:{port}/ serving {string.Join(", ", sessions.Keys)}");
        await app.RunAsync();
        return 0;
    }

    private static Dictionary<string, (InferenceSession Session, ModelSignature Signature)> LoadSessions(IEnumerable<string> models)
    {
        var sessions = new Dictionary<string, (InferenceSession, ModelSignature)>(StringComparer.Ordinal);
        foreach (var name in models.Distinct())
        {
            var file = name == SyntheticModel.Name ? SyntheticModel.Write() : RepositoryFiles.Find("models", $"{name}.onnx");
            if (file is null || !File.Exists(file))
            {
                continue;
            }

            var session = new InferenceSession(file);
            sessions[name] = (session, ModelSignatureReader.Read(session));
        }

        return sessions;
    }
}
