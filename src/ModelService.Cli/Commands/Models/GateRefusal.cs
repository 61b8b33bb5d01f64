using ModelService.Cli.Infrastructure;
using ModelService.Onnx.Quantization;

namespace ModelService.Cli.Commands.Models;

/// <summary>The failure reported when a quantized model misses the quality gate and --force was not given.</summary>
public static class GateRefusal
{
    public static CliException Create(QualityVerdict verdict, string consequence)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new CliException(
            ExitCodes.QualityGateFailed,
            "QualityGateFailed",
            $"The quantized model fails the quality gate ({string.Join("; ", verdict.Failures)}); {consequence}. Use --force to keep it anyway, or relax --min-cosine / --min-top1 / --max-abs-error.");
    }
}
