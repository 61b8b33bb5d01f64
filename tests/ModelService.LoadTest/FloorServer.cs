using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Caching;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.LoadTest;

/// <summary>
/// The floor the service is measured against: Kestrel on loopback and ONNX Runtime on the same model files, with the
/// same v2 JSON reader and writer, and nothing else (no host, no worker hop, no auth, no quotas, no billing).
/// <c>ModelService.LoadTest floor --port 5099 [--models iris-mlp,tabular-scorer] [--synthetic] [--intra-op-threads N]</c>.
/// </summary>
internal static class FloorServer
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var port = 0;
        var models = new List<string>();
        // The service's own session settings (ModelService:Session), so both sides run the model alike.
        var session = new SessionOptionsSettings();
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
                case "--intra-op-threads" when i + 1 < args.Count:
                    session.IntraOpNumThreads = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--synthetic":
                    models.Add(SyntheticModel.Name);
                    models.Add(GeneratedModels.KeywordSpotting);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"floor: unknown option '{args[i]}'");
                    return 2;
            }
        }

        var sessions = LoadSessions(models, session);
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

    private static Dictionary<string, (InferenceSession Session, ModelSignature Signature)> LoadSessions(IEnumerable<string> models, SessionOptionsSettings settings)
    {
        var sessions = new Dictionary<string, (InferenceSession, ModelSignature)>(StringComparer.Ordinal);
        foreach (var name in models.Distinct())
        {
            var generated = GeneratedModels.IsGenerated(name);
            var file = generated ? GeneratedModels.Write(name) : RepositoryFiles.Find("models", $"{name}.onnx");
            if (file is null || !File.Exists(file))
            {
                continue;
            }

            using var options = settings.Create();
            var session = new InferenceSession(file, options);
            if (generated)
            {
                File.Delete(file);
            }

            sessions[name] = (session, ModelSignatureReader.Read(session));
        }

        return sessions;
    }
}
