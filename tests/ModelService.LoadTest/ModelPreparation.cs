using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.LoadTest;

/// <summary>Makes sure every model to measure is published (samples from models/, the synthetic one) and warm.</summary>
internal static class ModelPreparation
{
    /// <summary>The price the load publishes its models at, so the ledger's sums can be checked: N calls, N × this.</summary>
    public const long PerCallMicros = 1_000;

    public static async Task<IReadOnlyList<(string Model, byte[] Body)>> PrepareAsync(InProcessTarget target, LoadTestOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var prepared = new List<(string, byte[])>();
        var names = options.Synthetic ? options.Models.Append(SyntheticModel.Name) : options.Models;
        foreach (var name in names.Distinct())
        {
            if (!await EnsurePublishedAsync(target.Registry, name, log, cancellationToken))
            {
                continue;
            }

            var metadata = await target.Serving.GetMetadataAsync(LoadTenant.Id, name, null, cancellationToken);
            var body = RequestBodies.OneRow(metadata.Inputs);
            // Load the session before anything is timed; the first call of a cold model is not the subject here.
            await target.Serving.MakeReadyAsync(LoadTenant.Id, name, null, cancellationToken);
            prepared.Add((name, body));
        }

        return prepared;
    }

    /// <summary>Publishes and warms the codec model; false when it cannot be published.</summary>
    public static async Task<bool> PrepareCodecAsync(InProcessTarget target, TextWriter log, CancellationToken cancellationToken)
    {
        if (!await EnsurePublishedAsync(target.Registry, CodecWorkload.Name, log, cancellationToken))
        {
            return false;
        }

        await target.Serving.MakeReadyAsync(LoadTenant.Id, CodecWorkload.Name, null, cancellationToken);
        return true;
    }

    private static async Task<bool> EnsurePublishedAsync(IModelRegistry registry, string name, TextWriter log, CancellationToken cancellationToken)
    {
        if ((await registry.ListVersionsAsync(name, cancellationToken)).Count > 0)
        {
            return true;
        }

        var file = GeneratedModels.IsGenerated(name) ? GeneratedModels.Write(name) : RepositoryFiles.Find("models", $"{name}.onnx");
        if (file is null || !File.Exists(file))
        {
            await log.WriteLineAsync($"skip {name}: not published and no models/{name}.onnx");
            return false;
        }

        try
        {
            await registry.PublishAsync(new ModelPublication { Name = name, Version = 1, Pricing = new ModelPricing(PerCallMicros, 0) }, file, null, cancellationToken);
        }
        catch (ModelServiceException ex) when (ex.Code == ErrorCode.Conflict)
        {
            // Published by someone else in the meantime: just as good.
        }
        finally
        {
            if (GeneratedModels.IsGenerated(name))
            {
                File.Delete(file);
            }
        }

        return true;
    }
}
