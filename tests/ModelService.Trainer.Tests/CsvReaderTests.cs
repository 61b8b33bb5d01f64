using ModelService.Trainer.Data;

namespace ModelService.Trainer.Tests;

public sealed class CsvReaderTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks_and_skips_blank_lines()
    {
        var records = CsvReader.Read(new StringReader("\uFEFFa,\"b,1\",c\r\n\r\n1,\"say \"\"hi\"\"\",\"x\ny\"\n")).ToList();

        Assert.Equal(["a", "b,1", "c"], records[0].Fields);
        Assert.Equal(["1", "say \"hi\"", "x\ny"], records[1].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Fact]
    public void An_unclosed_quote_names_its_line() =>
        Assert.Equal("Line 2: a quoted field is not closed.", Assert.Throws<DatasetException>(() => CsvReader.Read(new StringReader("a\n\"b")).ToList()).Message);

    [Fact]
    public void Numeric_class_labels_are_ordered_numerically()
    {
        var csv = "x,y\n" + string.Join('\n', Enumerable.Range(0, 12).Select(i => $"{i},{(i % 3 == 0 ? "10" : i % 3 == 1 ? "9" : "2")}"));

        var data = TabularDatasetLoader.Load(new StringReader(csv), "y", classifier: true);

        Assert.Equal(["2", "9", "10"], data.Classes);
    }
}
