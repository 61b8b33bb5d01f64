using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Trainer.Data;
using ModelService.Trainer.Export;
using ModelService.Trainer.Fairness;
using ModelService.Trainer.Learning;

namespace ModelService.Trainer.Worker;

/// <summary>
/// One attempt of a job, stage by stage: download → parse → split and standardize → train → export ONNX →
/// post-process (quantize) → publish. Each stage leaves an event, so a tenant can see where a job is.
/// </summary>
public sealed class TrainingPipeline
{
    /// <summary>How many of a name's newest versions are searched for one an earlier attempt of the job published.</summary>
    private const int PublishedLookback = 16;

    private readonly DatasetStore _datasets;
    private readonly IModelRegistry _registry;
    private readonly IEnumerable<IModelPostProcessor> _postProcessors;
    private readonly TrainingBackendSelector _backends;
    private readonly TrainerOptions _options;
    private readonly PublicationAudit _audit;

    public TrainingPipeline(DatasetStore datasets, IModelRegistry registry, IEnumerable<IModelPostProcessor> postProcessors, TrainingBackendSelector backends, PublicationAudit audit, IOptions<TrainerOptions> options)
    {
        _audit = audit;
        _backends = backends;
        _datasets = datasets;
        _registry = registry;
        _postProcessors = postProcessors;
        _options = options.Value;
    }

    public async Task<PipelineResult> RunAsync(TrainingJob job, JobProgress progress, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        var hyperparameters = TrainingHyperparameters.Parse(job.Hyperparameters);

        // Checked at submission too; again here because another owner may have taken a new name since.
        await ModelOwnership.EnsureTenantMayPublishAsync(_registry, job.OutputModel, job.TenantId, cancellationToken);
        if (await FindPublishedAsync(job, cancellationToken) is { } published)
        {
            // An earlier attempt published, then died before recording it: finish with that version, never a second.
            await progress.StageAsync("published", $"{published.Name}:{published.Version} (by an earlier attempt)", cancellationToken);
            return new PipelineResult(false, published.Version, published.Card.Training!.Metrics, published.Card.Training.Hardware);
        }

        var (data, sha256) = await LoadAsync(job, workDirectory, cancellationToken);
        await progress.StageAsync("dataset", Describe(data), cancellationToken);

        var split = DataSplit.Create(data, hyperparameters.ValidationFraction, hyperparameters.Seed);
        var standardizer = Standardizer.Fit(split.Train.Features, data.Width);
        var scaled = new DataSplit(split.Train with { Features = standardizer.Apply(split.Train.Features) }, split.Validation with { Features = standardizer.Apply(split.Validation.Features) });
        var device = _backends.Backend;
        await progress.StageAsync("training", $"on {device.Description}", cancellationToken);
        var outcome = await new MlpTrainer(device).TrainAsync(scaled, hyperparameters, progress, cancellationToken);
        if (outcome.Cancelled)
        {
            return new PipelineResult(true, null, outcome.Metrics, device.Description);
        }

        var modelPath = Path.Combine(workDirectory, "model.onnx");
        await OnnxExporter.WriteAsync(modelPath, job.OutputModel, standardizer, outcome.Layers, data.IsClassifier, cancellationToken);
        var (finalPath, notes, report) = await PostProcessAsync(modelPath, workDirectory, split.Validation, cancellationToken);
        var fairness = await MeasureFairnessAsync(job, finalPath, split.Validation, progress, cancellationToken);
        var provenance = Provenance(job, data, sha256, hyperparameters, outcome, clock.Elapsed, device, notes) with { Fairness = fairness };
        var manifest = await _registry.PublishAsync(Publication(job, data, provenance, standardizer) with { QuantizationReport = report }, finalPath, null, cancellationToken);
        await _audit.RecordAsync(job, manifest, cancellationToken);
        await progress.StageAsync("published", $"{manifest.Name}:{manifest.Version}", cancellationToken);
        return new PipelineResult(false, manifest.Version, outcome.Metrics, device.Description);
    }

    /// <summary>The version this job already published, looked for among the name's newest versions.</summary>
    private async Task<ModelManifest?> FindPublishedAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        var versions = await _registry.ListVersionsAsync(job.OutputModel, cancellationToken);
        foreach (var version in versions.Reverse().Take(PublishedLookback))
        {
            var manifest = await _registry.GetManifestAsync(job.OutputModel, VersionSelector.ForNumber(version), cancellationToken);
            if (manifest.Card.Training?.JobId == job.Id)
            {
                return manifest;
            }
        }

        return null;
    }

    private async Task<(TabularDataset Data, string Sha256)> LoadAsync(TrainingJob job, string workDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workDirectory, "dataset.csv");
        await using (var file = File.Create(path))
        {
            await _datasets.DownloadAsync(job.TenantId, job.Dataset, file, _options.MaxDatasetBytes, cancellationToken);
        }

        await using var read = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken));
        read.Position = 0;
        using var reader = new StreamReader(read, detectEncodingFromByteOrderMarks: true);
        return (TabularDatasetLoader.Load(reader, job.Label, job.Recipe == TrainingRecipes.TabularClassifier, job.SensitiveColumns, job.UseSensitiveAsFeatures), sha256);
    }

    /// <summary>Per-group metrics of the model about to be published; above the job's gate, the job fails with the figures.</summary>
    private static async Task<FairnessReport?> MeasureFairnessAsync(TrainingJob job, string modelPath, TabularDataset validation, JobProgress progress, CancellationToken cancellationToken)
    {
        if (validation.Sensitive.Count == 0)
        {
            return null;
        }

        var report = FairnessMetrics.Measure(validation, ValidationPredictions.Run(modelPath, validation), job.MaxParityGap);
        var figures = FairnessSummary.Describe(report);
        await progress.StageAsync("fairness", figures, cancellationToken);
        var largest = FairnessSummary.LargestParityGap(report);
        if (job.MaxParityGap is { } gate && largest > gate)
        {
            throw new FairnessGateException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Not published: the demographic-parity difference {largest:F3} is above maxParityGap {gate:F3} on the validation rows. {figures}"));
        }

        return report;
    }

    private async Task<(string Path, List<string> Notes, QuantizationReport? Report)> PostProcessAsync(string modelPath, string workDirectory, TabularDataset validation, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        QuantizationReport? report = null;
        foreach (var step in _postProcessors)
        {
            var input = new PostProcessInput(modelPath, workDirectory, validation.IsClassifier, validation.Features, validation.Targets, validation.Width);
            var result = await step.ProcessAsync(input, cancellationToken);

            // A report describes the file its step wrote; a later step that writes another file without one voids it.
            report = result.QuantizationReport ?? (result.ModelPath == modelPath ? report : null);
            modelPath = result.ModelPath;
            notes.Add(result.Note);
        }

        return (modelPath, notes, report);
    }

    private static TrainingProvenance Provenance(TrainingJob job, TabularDataset data, string sha256, TrainingHyperparameters hyperparameters, TrainingOutcome outcome, TimeSpan duration, ITrainingBackend device, List<string> notes) => new()
    {
        JobId = job.Id,
        Recipe = job.Recipe,
        Dataset = job.Dataset,
        DatasetSha256 = sha256,
        DatasetRows = data.Rows,
        Label = job.Label,
        Features = data.FeatureNames,
        Classes = data.Classes,
        Hyperparameters = hyperparameters.ToDictionary(),
        Metrics = outcome.Metrics,
        DurationSeconds = Math.Round(duration.TotalSeconds, 3),
        Hardware = device.Description,
        PostProcessing = notes,
    };

    private static ModelPublication Publication(TrainingJob job, TabularDataset data, TrainingProvenance provenance, Standardizer standardizer) => new()
    {
        Name = job.OutputModel,

        // A trained version is the tenant's own: private to it, never public.
        Owner = job.TenantId,
        Card = new ModelCard(
            data.IsClassifier
                ? $"MLP classifier of '{job.Label}' ({data.Classes.Count} classes) from {data.Width} numeric features, trained on dataset '{job.Dataset}'."
                : $"MLP regressor of '{job.Label}' from {data.Width} numeric features, trained on dataset '{job.Dataset}'.",
            $"Input 'features' takes raw values of columns {string.Join(", ", data.FeatureNames)} in that order.",
            "Trained by the tabular recipe on the tenant's data; check the validation metrics in 'training' before relying on it.",
            null)
        {
            Training = provenance,
            TrainingData = $"The tenant's dataset '{job.Dataset}' (sha256 {provenance.DatasetSha256}, {data.Rows} rows), split {provenance.Hyperparameters.GetValueOrDefault("validation_fraction")} for validation with seed {provenance.Hyperparameters.GetValueOrDefault("seed")}.",
            EvaluationMetrics = provenance.Metrics,

            // The training rows' means: explanations then say how a row differs from the average one.
            ExplanationBaseline = [.. standardizer.Mean.Select(m => (double)m)],
        },
    };

    private static string Describe(TabularDataset data) =>
        data.IsClassifier
            ? $"{data.Rows} rows, {data.Width} features, {data.Classes.Count} classes"
            : $"{data.Rows} rows, {data.Width} features";
}
