using Google.Protobuf;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Writing;
using ModelService.Testing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Reading;

public sealed class OnnxModelReaderTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void Reader_refuses_bytes_that_are_not_a_model(byte[] garbage) =>
        Assert.Contains("not an ONNX model", Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(garbage)).Message, StringComparison.Ordinal);

    [Fact]
    public void Reader_refuses_an_empty_file()
    {
        var path = Path.Combine(_folder.Path, "empty.onnx");
        File.WriteAllBytes(path, []);

        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.ReadFile(path));
    }

    [Fact]
    public void Reader_refuses_a_model_without_a_graph() =>
        Assert.Contains("no graph", Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(new ModelProto { IrVersion = 9 }.ToByteArray())).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    public void Reader_refuses_an_ir_version_onnx_runtime_does_not_read(long irVersion)
    {
        var model = TinyModel();
        model.IrVersion = irVersion;

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model.ToByteArray()));

        Assert.Contains($"IR version {irVersion}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_refuses_external_data_that_is_missing_and_accepts_it_when_present()
    {
        var model = TinyModel();
        var bias = model.Graph.Initializer[0];
        bias.RawData = Google.Protobuf.ByteString.Empty;
        bias.DataLocation = TensorProto.Types.DataLocation.External;
        bias.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        var path = Path.Combine(_folder.Path, "external.onnx");
        OnnxModelWriter.WriteFile(model, path);

        Assert.Contains("weights.bin", Assert.Throws<OnnxFormatException>(() => OnnxModelReader.ReadFile(path)).Message, StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(_folder.Path, "weights.bin"), new byte[8]);
        Assert.Equal(model, OnnxModelReader.ReadFile(path));
        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Reader_refuses_external_data_that_points_outside_the_models_folder()
    {
        var model = TinyModel();
        var bias = model.Graph.Initializer[0];
        bias.DataLocation = TensorProto.Types.DataLocation.External;
        bias.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "../../etc/passwd" });
        var path = Path.Combine(_folder.Path, "escape.onnx");
        OnnxModelWriter.WriteFile(model, path);

        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.ReadFile(path));
    }

    [Fact]
    public void Writing_and_reading_back_keeps_metadata_and_fields_this_library_does_not_know()
    {
        var model = TinyModel();
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
        var unknownField = new byte[] { 0xF8, 0x07, 0x2A }; // field 127, varint 42: not in the schema subset
        var bytes = model.ToByteArray().Concat(unknownField).ToArray();

        var read = OnnxModelReader.Read(bytes);
        var written = OnnxModelWriter.ToBytes(read);

        Assert.Equal("tests", read.MetadataProps.Single().Value);
        Assert.Equal(bytes.Length, written.Length);
        Assert.Equal(OnnxModelReader.Read(written), read);
        Assert.True(written.AsSpan().IndexOf(unknownField) >= 0);
    }

    public void Dispose() => _folder.Dispose();

    internal static ModelProto TinyModel() =>
        new OnnxGraphBuilder("tiny")
            .Input("x", DataType.Float, "batch", 2)
            .Output("y", DataType.Float, "batch", 2)
            .Initializer(OnnxTensors.Float("bias", [1f, 2f], 2))
            .Node("Add", ["x", "bias"], ["y"])
            .Build();
}
