using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Static;

namespace ModelService.Cli.Commands.Models;

/// <summary>The quantizer and quality-gate options that <c>models quantize</c> and <c>models push --quantize</c> share.</summary>
public static class QuantizationOptions
{
    public static readonly Option<bool> PerChannel = new("--per-channel") { Description = "One weight scale per output channel instead of one per tensor." };
    public static readonly Option<string[]> Exclude = new("--exclude") { Description = "Node name to keep in float32 (repeatable).", AllowMultipleArgumentsPerToken = false };
    public static readonly Option<FileInfo?> Calibration = new("--calibration") { Description = "JSON file of v2 inference requests to compare on (default: inputs generated from the input schema)." };
    public static readonly Option<double?> MaxAbsError = new("--max-abs-error") { Description = "Refuse when any output value moves by more than this (default: no limit)." };
    public static readonly Option<double?> MinCosine = new("--min-cosine") { Description = "Refuse below this cosine similarity of outputs (default 0.99)." };
    public static readonly Option<double?> MinTop1 = new("--min-top1") { Description = "Refuse below this share of unchanged top-1 classes, 0 to 1 (default 0.99)." };
    public static readonly Option<string> WeightRange = new("--weight-range") { Description = "MatMul/Gemm int8 weights: reduced (7-bit, exact on every CPU; default) or full (8-bit, for VNNI-only targets; refused when the calibration data would saturate on AVX2-only CPUs; dynamic method only).", DefaultValueFactory = _ => "reduced" };
    public static readonly Option<string?> Method = new("--method") { Description = "dynamic (default): activations quantized at run time; static: int8 QDQ calibrated on --calibration (fast for conv nets); auto: static for conv-dominated graphs when --calibration is given, dynamic otherwise." };
    public static readonly Option<string?> CalibrationMethod = new("--calibration-method") { Description = "For static: minmax (default) or percentile (clips the rarest 0.01 % of activation values)." };
    public static readonly Option<bool> Force = new("--force") { Description = "Keep the quantized model even when it fails the quality gate." };

    public static IEnumerable<Option> All => [PerChannel, WeightRange, Exclude, Calibration, Method, CalibrationMethod, MaxAbsError, MinCosine, MinTop1, Force];

    public static DynamicQuantizationOptions Quantizer(ParseResult parseResult, bool fourBit)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new DynamicQuantizationOptions
        {
            PerChannel = parseResult.GetValue(PerChannel),
            ExcludedNodes = (parseResult.GetValue(Exclude) ?? []).ToHashSet(StringComparer.Ordinal),
            WeightOnly4Bit = fourBit,
            WeightRange = WeightRanges.Parse(parseResult.GetValue(WeightRange) ?? string.Empty)
                ?? throw CliException.BadInput("--weight-range must be reduced or full."),
        };
    }

    /// <summary>--method and --calibration-method; static and auto quantization hold out a quarter of the calibration samples for the gate.</summary>
    public static QuantizationMethodOptions Methods(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var method = parseResult.GetValue(Method) switch
        {
            null or "dynamic" => QuantizationMethod.Dynamic,
            "static" => QuantizationMethod.Static,
            "auto" => QuantizationMethod.Auto,
            var other => throw CliException.BadInput($"--method '{other}' is not known; use dynamic, static or auto."),
        };
        var calibration = parseResult.GetValue(CalibrationMethod) switch
        {
            null or "minmax" => Onnx.Quantization.Static.CalibrationMethod.MinMax,
            "percentile" => Onnx.Quantization.Static.CalibrationMethod.Percentile,
            var other => throw CliException.BadInput($"--calibration-method '{other}' is not known; use minmax or percentile."),
        };
        if (method != QuantizationMethod.Dynamic && parseResult.GetValue(WeightRange) == "full")
        {
            // The saturation check that lets full-range weights through is written for MatMulInteger (dynamic) only.
            throw CliException.BadInput("--weight-range full works with --method dynamic only; static and auto keep weights in the reduced range.");
        }

        return new QuantizationMethodOptions { Method = method, Calibration = calibration };
    }

    public static QualityGate Gate(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var gate = new QualityGate();
        return gate with
        {
            MaximumAbsoluteError = parseResult.GetValue(MaxAbsError) is { } max ? NonNegative(max, "--max-abs-error") : null,
            MinimumCosineSimilarity = parseResult.GetValue(MinCosine) is { } cosine ? Share(cosine, "--min-cosine") : gate.MinimumCosineSimilarity,
            MinimumTop1Agreement = parseResult.GetValue(MinTop1) is { } top1 ? Share(top1, "--min-top1") : gate.MinimumTop1Agreement,
        };
    }

    public static async Task<CalibrationSet?> CalibrationAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (parseResult.GetValue(Calibration) is not { } file)
        {
            return null;
        }

        return file.Exists
            ? await CalibrationFile.ReadAsync(file.FullName, cancellationToken)
            : throw CliException.BadInput($"Calibration file '{file.FullName}' does not exist.");
    }

    private static double NonNegative(double value, string option) =>
        value >= 0 ? value : throw CliException.BadInput($"{option} must be zero or more.");

    private static double Share(double value, string option) =>
        value is >= 0 and <= 1 ? value : throw CliException.BadInput($"{option} must be between 0 and 1.");
}
