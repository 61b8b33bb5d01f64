using System.CommandLine;
using Azure;
using Microsoft.Extensions.Options;
using ModelService.Cli.Output;
using ModelService.Core.Errors;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Reading;

namespace ModelService.Cli.Infrastructure;

/// <summary>
/// Runs a command's body and turns every failure into one line on stderr and its exit status. Stack traces
/// only with MODELSVC_DEBUG=1, for whoever debugs the CLI itself.
/// </summary>
public static class CommandAction
{
    public delegate Task<int> Body(ParseResult parseResult, CliSettings settings, CliOutput output, CancellationToken cancellationToken);

    public static void Attach(Command command, TextWriter output, TextWriter error, Body body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, output, error, body, cancellationToken));
    }

    private static async Task<int> RunAsync(ParseResult parseResult, TextWriter output, TextWriter error, Body body, CancellationToken cancellationToken)
    {
        var cliOutput = new CliOutput(output, error, parseResult.GetValue(GlobalOptions.Json));
        try
        {
            return await body(parseResult, GlobalOptions.Read(parseResult), cliOutput, cancellationToken);
        }
        catch (Exception exception) when (Classify(exception) is { } failure)
        {
            cliOutput.WriteFailure(failure.Code, failure.Message);
            if (Environment.GetEnvironmentVariable("MODELSVC_DEBUG") == "1")
            {
                error.WriteLine(exception);
            }

            return failure.ExitCode;
        }
    }

    private static CliException? Classify(Exception exception) => exception switch
    {
        CliException cli => cli,
        ModelServiceException model => new CliException(ExitCodes.For(model.Code), model.Code.ToString(), model.Message),
        RequestFailedException { Status: 0 } or AggregateException { InnerException: RequestFailedException or HttpRequestException } =>
            CliException.Unavailable($"Storage cannot be reached ({FirstLine(exception)}). Is Azurite running, or is {CliSettings.StorageVariable} right?"),
        RequestFailedException storage => new CliException(ExitCodes.Unavailable, "StorageError", $"Storage refused the call: {storage.Status} {storage.ErrorCode}."),
        OnnxFormatException onnx => new CliException(ExitCodes.BadInput, "InvalidModel", onnx.Message),
        QuantizationException quantization => new CliException(ExitCodes.BadInput, "QuantizationRefused", quantization.Message),
        OptionsValidationException options => CliException.BadInput($"Invalid settings: {options.Failures.FirstOrDefault()}"),
        FormatException or ArgumentException => CliException.BadInput(FirstLine(exception)),
        IOException or UnauthorizedAccessException => CliException.BadInput(FirstLine(exception)),
        OperationCanceledException => new CliException(ExitCodes.Unexpected, "Cancelled", "Cancelled."),
        _ => new CliException(ExitCodes.Unexpected, "Unexpected", $"Unexpected failure: {FirstLine(exception)}"),
    };

    private static string FirstLine(Exception exception) => exception.Message.Split('\n', 2)[0].Trim();
}
