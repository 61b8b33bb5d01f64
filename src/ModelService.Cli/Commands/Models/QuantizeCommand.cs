using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using ModelService.Onnx.Quantization;

namespace ModelService.Cli.Commands.Models;

/// <summary>
/// <c>models quantize in.onnx out.onnx [--method dynamic|static|auto]</c>: dynamic int8, static int8 QDQ (calibrated)
/// or 4-bit weight-only quantization, checked in ONNX Runtime against the float model. The output file is written
/// only when the quality gate passes or --force, and then whole or not at all (a temporary file moved into place).
/// </summary>
public static class QuantizeCommand
{
    private static readonly Argument<FileInfo> Input = new("input") { Description = "The float32 ONNX model." };
    private static readonly Argument<FileInfo> Output = new("output") { Description = "Where to write the quantized model." };
    private static readonly Option<int> WeightBits = new("--weight-bits") { Description = "8: dynamic int8 (default); 4: 4-bit weight-only MatMulNBits for MatMuls with K >= 64, int8 for the rest.", DefaultValueFactory = _ => 8 };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("quantize", "Quantize an ONNX model to int8 and check it against the float model.") { Input, Output, WeightBits };
        foreach (var option in QuantizationOptions.All)
        {
            command.Options.Add(option);
        }

        CommandAction.Attach(command, output, error, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, CancellationToken cancellationToken)
    {
        var input = parseResult.GetValue(Input)!;
        var destination = parseResult.GetValue(Output)!;
        if (!input.Exists)
        {
            throw CliException.BadInput($"File '{input.FullName}' does not exist.");
        }

        if (string.Equals(input.FullName, destination.FullName, StringComparison.Ordinal))
        {
            throw CliException.BadInput("The output must be a different file from the input.");
        }

        var options = QuantizationOptions.Quantizer(parseResult, FourBit(parseResult.GetValue(WeightBits)));
        var gate = QuantizationOptions.Gate(parseResult);
        var calibration = await QuantizationOptions.CalibrationAsync(parseResult, cancellationToken);
        var outcome = await ModelQuantization.QuantizeFileAsync(input.FullName, options, QuantizationOptions.Methods(parseResult), gate, calibration, cancellationToken);

        var keep = outcome.Verdict.Passed || parseResult.GetValue(QuantizationOptions.Force);
        if (keep)
        {
            await AtomicFile.WriteAllBytesAsync(destination.FullName, outcome.QuantizedBytes, cancellationToken);
        }

        var summary = QuantizationSummary.From(outcome, options, input.FullName, destination.FullName, keep);
        if (keep)
        {
            output.Write(summary, text => QuantizationText.Write(text, summary));
            return ExitCodes.Success;
        }

        var refusal = GateRefusal.Create(outcome.Verdict, "no file was written");
        output.Write(summary with { Error = refusal.Message, Code = refusal.Code }, text => QuantizationText.Write(text, summary));
        output.Error.WriteLine($"error: {refusal.Message}");
        return refusal.ExitCode;
    }

    private static bool FourBit(int bits) => bits switch
    {
        8 => false,
        4 => true,
        _ => throw CliException.BadInput("--weight-bits must be 8 or 4."),
    };
}
