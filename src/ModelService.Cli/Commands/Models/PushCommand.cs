using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using ModelService.Core.Audit;
using ModelService.Core.Registry;
using ModelService.Onnx.Quantization;

namespace ModelService.Cli.Commands.Models;

/// <summary>
/// <c>models push file.onnx --name N [--version V] [--card card.json] [--quantize int8]</c>: checks the file, computes its manifest,
/// uploads it. With --quantize the file is quantized into a temporary file first and published only if it passes
/// the quality gate (or --force); the figures go into the manifest.
/// </summary>
public static class PushCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "The ONNX model file." };
    private static readonly Option<string> Name = new("--name") { Description = "Model name: lowercase letters, digits, '-', '_', '.'.", Required = true };
    private static readonly Option<int?> Version = new("--version") { Description = "Version to create (a positive integer); default: the next one." };
    private static readonly Option<string[]> Aliases = new("--alias") { Description = "Alias to point at the new version (repeatable).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> PricePerCall = new("--price-per-call") { Description = "Price per call in currency units, e.g. 0.0005." };
    private static readonly Option<string?> PricePerItem = new("--price-per-item") { Description = "Price per batch item in currency units." };
    private static readonly Option<string?> BatchInput = new("--batch-input") { Description = "Input whose leading size is the number of items --price-per-item counts. Default: the leading size of the first output with a dynamic batch dimension." };
    private static readonly Option<string?> Description = new("--description") { Description = "Model card: what the model does." };
    private static readonly Option<string?> IntendedUse = new("--intended-use") { Description = "Model card: what it is meant for." };
    private static readonly Option<string?> Limitations = new("--limitations") { Description = "Model card: known limitations." };
    private static readonly Option<string?> License = new("--license") { Description = "Model card: license." };
    private static readonly Option<string?> ClassNames = new("--class-names") { Description = "Model card: class names in output order, comma-separated (labels of the classification extension)." };
    private static readonly Option<FileInfo?> CardFile = new("--card") { Description = "Model card JSON (docs/schemas/model-card.schema.json): intended use, limitations, licence, training data, evaluation metrics. --description and the other card options override its fields." };
    private static readonly Option<string?> Owner = new("--private-to") { Description = "Tenant id: the model is private to this tenant (others get 404). Default: public." };
    private static readonly Option<string?> Quantize = new("--quantize") { Description = "Quantize before publishing: int8 (dynamic int8, or static with --method static|auto) or int4 (4-bit weight-only for wide MatMuls, int8 for the rest)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("push", "Publish an ONNX file as a new immutable model version.")
        {
            File, Name, Version, Aliases, PricePerCall, PricePerItem, BatchInput, Description, IntendedUse, Limitations, License, ClassNames, CardFile, Owner, Quantize,
        };
        foreach (var option in QuantizationOptions.All)
        {
            command.Options.Add(option);
        }

        CommandAction.Attach(command, output, error, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, CancellationToken cancellationToken)
    {
        var file = parseResult.GetValue(File)!;
        if (!file.Exists)
        {
            throw CliException.BadInput($"File '{file.FullName}' does not exist.");
        }

        var publication = ReadPublication(parseResult, await ReadCardAsync(parseResult, cancellationToken));
        if (parseResult.GetValue(Quantize) is not { } method)
        {
            return await PublishAsync(publication, file.FullName, settings, output, cancellationToken);
        }

        var options = QuantizationOptions.Quantizer(parseResult, method switch
        {
            "int8" => false,
            "int4" => true,
            _ => throw CliException.BadInput($"--quantize '{method}' is not known; use int8 or int4."),
        });
        var calibration = await QuantizationOptions.CalibrationAsync(parseResult, cancellationToken);
        var outcome = await ModelQuantization.QuantizeFileAsync(file.FullName, options, QuantizationOptions.Methods(parseResult), QuantizationOptions.Gate(parseResult), calibration, cancellationToken);
        if (!outcome.Verdict.Passed && !parseResult.GetValue(QuantizationOptions.Force))
        {
            throw GateRefusal.Create(outcome.Verdict, "nothing was published");
        }

        var temporary = Path.Combine(Path.GetTempPath(), $"modelsvc-{Guid.NewGuid():N}.onnx");
        try
        {
            await System.IO.File.WriteAllBytesAsync(temporary, outcome.QuantizedBytes, cancellationToken);
            return await PublishAsync(publication with { QuantizationReport = QuantizationReport.From(outcome, options) }, temporary, settings, output, cancellationToken);
        }
        finally
        {
            System.IO.File.Delete(temporary);
        }
    }

    private static async Task<int> PublishAsync(ModelPublication publication, string path, CliSettings settings, CliOutput output, CancellationToken cancellationToken)
    {
        using var services = StorageServices.Create(settings);
        var manifest = await UploadProgress.RunAsync(new FileInfo(path).Length, output, progress =>
            services.Registry().PublishAsync(publication, path, progress, cancellationToken));
        await services.RecordAsync(AuditActions.ModelPublish, $"model:{manifest.Name}:{manifest.Version}", manifest.Owner, $"{(manifest.Owner is null ? "public" : $"private to {manifest.Owner}")}, sha256 {manifest.Sha256}{(publication.Aliases.Count > 0 ? $", aliases {string.Join(',', publication.Aliases)}" : string.Empty)}", cancellationToken);
        output.Write(manifest, text =>
        {
            text.WriteLine($"Published {manifest.Name}:{manifest.Version} ({manifest.SizeBytes} bytes, sha256 {manifest.Sha256}, quantization {manifest.Quantization}).");
            if (manifest.QuantizationReport is { } report)
            {
                QuantizationText.WriteQuality(text, report);
            }
        });
        return ExitCodes.Success;
    }

    private static async Task<ModelCard> ReadCardAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(CardFile) is not { } file)
        {
            return ModelCard.Empty;
        }

        if (!file.Exists)
        {
            throw CliException.BadInput($"Card file '{file.FullName}' does not exist.");
        }

        try
        {
            return ModelCardFile.Parse(await System.IO.File.ReadAllBytesAsync(file.FullName, cancellationToken));
        }
        catch (ModelService.Core.Errors.ModelServiceException exception)
        {
            throw CliException.BadInput($"Card file '{file.Name}': {exception.Message}");
        }
    }

    private static ModelPublication ReadPublication(ParseResult parseResult, ModelCard fromFile)
    {
        var version = parseResult.GetValue(Version);
        if (version is <= 0)
        {
            throw CliException.BadInput("--version must be a positive integer.");
        }

        var perCall = PriceParser.ParseMicros(parseResult.GetValue(PricePerCall), "--price-per-call");
        var perItem = PriceParser.ParseMicros(parseResult.GetValue(PricePerItem), "--price-per-item");
        return new ModelPublication
        {
            Name = parseResult.GetValue(Name)!,
            Version = version,
            Aliases = parseResult.GetValue(Aliases) ?? [],
            Pricing = perCall is null && perItem is null ? null : new ModelPricing(perCall ?? 0, perItem ?? 0),
            BatchInput = parseResult.GetValue(BatchInput),
            Owner = parseResult.GetValue(Owner),
            Card = fromFile with
            {
                Description = parseResult.GetValue(Description) ?? fromFile.Description,
                IntendedUse = parseResult.GetValue(IntendedUse) ?? fromFile.IntendedUse,
                Limitations = parseResult.GetValue(Limitations) ?? fromFile.Limitations,
                License = parseResult.GetValue(License) ?? fromFile.License,
                ClassNames = parseResult.GetValue(ClassNames) is { Length: > 0 } names ? [.. names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : fromFile.ClassNames,
            },
        };
    }
}
