using System.Text;

namespace ModelService.Trainer.Data;

/// <summary>
/// RFC 4180 CSV: comma separated, fields optionally in double quotes (with "" for a quote and line breaks
/// inside), CRLF or LF line ends, a UTF-8 BOM tolerated. Blank lines are skipped.
/// </summary>
public static class CsvReader
{
    /// <summary>Yields each record with the line number it starts on.</summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var line = 1;
        while (reader.Peek() >= 0)
        {
            var start = line;
            var fields = ReadRecord(reader, ref line);
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                yield return (start, fields);
            }
        }
    }

    private static List<string> ReadRecord(TextReader reader, ref int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0)
            {
                return quoted ? throw new DatasetException($"Line {line}: a quoted field is not closed.") : Finish(fields, field);
            }

            var c = (char)next;
            if (quoted)
            {
                quoted = ReadQuoted(reader, c, field, ref line);
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                return Finish(fields, field);
            }
            else if (c != '\uFEFF' || line > 1 || fields.Count > 0 || field.Length > 0)
            {
                field.Append(c);
            }
        }
    }

    /// <summary>One character inside quotes; returns whether the field is still quoted.</summary>
    private static bool ReadQuoted(TextReader reader, char c, StringBuilder field, ref int line)
    {
        if (c != '"')
        {
            line += c == '\n' ? 1 : 0;
            field.Append(c);
            return true;
        }

        if (reader.Peek() == '"')
        {
            reader.Read();
            field.Append('"');
            return true;
        }

        return false;
    }

    private static List<string> Finish(List<string> fields, StringBuilder field)
    {
        fields.Add(field.ToString());
        return fields;
    }
}
