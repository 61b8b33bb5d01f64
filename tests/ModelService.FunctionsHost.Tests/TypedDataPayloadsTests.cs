using Google.Protobuf;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Tests;

public sealed class TypedDataPayloadsTests
{
    [Fact]
    public void String_is_one_message() =>
        Assert.Equal(["a"], TypedDataPayloads.Messages(new TypedData { String = "a" }).Select(m => m.ToString()));

    [Fact]
    public void Json_array_is_one_message_per_element() =>
        Assert.Equal(["x", """{"n":1}"""], TypedDataPayloads.Messages(new TypedData { Json = """["x",{"n":1}]""" }).Select(m => m.ToString()));

    [Fact]
    public void Json_object_is_one_message_as_written() =>
        Assert.Equal(["""{"n":1}"""], TypedDataPayloads.Messages(new TypedData { Json = """{"n":1}""" }).Select(m => m.ToString()));

    [Fact]
    public void Collections_are_one_message_per_item()
    {
        var strings = new TypedData { CollectionString = new CollectionString { String = { "a", "b" } } };
        var bytes = new TypedData { CollectionBytes = new CollectionBytes { Bytes = { ByteString.CopyFromUtf8("c") } } };

        Assert.Equal(["a", "b"], TypedDataPayloads.Messages(strings).Select(m => m.ToString()));
        Assert.Equal(["c"], TypedDataPayloads.Messages(bytes).Select(m => m.ToString()));
    }

    [Fact]
    public void Unset_output_writes_nothing()
    {
        Assert.Empty(TypedDataPayloads.Messages(null));
        Assert.Empty(TypedDataPayloads.Messages(new TypedData()));
        Assert.Null(TypedDataPayloads.Content(null));
    }
}
