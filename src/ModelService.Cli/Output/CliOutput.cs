using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelService.Cli.Output;

/// <summary>Where a command writes: results to stdout (text or JSON), failures as one line to stderr.</summary>
public sealed class CliOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CliOutput(TextWriter output, TextWriter error, bool json)
    {
        Out = output;
        Error = error;
        Json = json;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Json { get; }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes JSON in --json mode, else the text the command renders.</summary>
    public void Write<T>(T value, Action<TextWriter> renderText)
    {
        ArgumentNullException.ThrowIfNull(renderText);
        if (Json)
        {
            WriteJson(value);
        }
        else
        {
            renderText(Out);
        }
    }

    public void WriteFailure(string code, string message)
    {
        Error.WriteLine($"error: {message}");
        if (Json)
        {
            WriteJson(new { error = message, code });
        }
    }
}
