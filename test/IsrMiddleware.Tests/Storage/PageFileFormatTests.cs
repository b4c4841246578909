using System.Buffers.Binary;
using System.Text;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Store;

namespace IsrMiddleware.Tests.Storage;

public sealed class PageFileFormatTests
{
    private static StoredPage Page() => new()
    {
        Key = "/products/tools/hammer",
        StatusCode = 200,
        ContentType = "text/html; charset=utf-8",
        Headers = [KeyValuePair.Create("Content-Language", "en"), KeyValuePair.Create("X-Custom", "1")],
        Body = Encoding.UTF8.GetBytes("<h1>Hammer — café</h1>"),
        ETag = "\"v1-abc\"",
        GeneratedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567),
        Version = 7,
        BuildId = "build-7",
        Route = "/products/{category}/{id}",
        Tags = ["products", "category:tools"],
        Declared = true,
    };

    [Fact]
    public void Serialized_page_deserializes_to_the_same_page()
    {
        var page = Page();

        var read = PageFileFormat.Deserialize(PageFileFormat.Serialize(page));

        StoredPageAssert.Equivalent(page, read);
        Assert.Equal(page.GeneratedAt.Offset, read!.GeneratedAt.Offset);
    }

    [Fact]
    public void Redirect_with_an_empty_body_round_trips()
    {
        var page = new StoredPage
        {
            Key = "/old",
            StatusCode = 301,
            Headers = [KeyValuePair.Create("Location", "/new")],
            ETag = "\"r\"",
        };

        var read = PageFileFormat.Deserialize(PageFileFormat.Serialize(page));

        Assert.NotNull(read);
        Assert.Equal(301, read.StatusCode);
        Assert.Null(read.ContentType);
        Assert.Equal(page.Headers, read.Headers);
        Assert.True(read.Body.IsEmpty);
    }

    [Fact]
    public void File_with_a_wrong_magic_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());
        file[0] = (byte)'X';

        Assert.Null(PageFileFormat.Deserialize(file));
    }

    [Fact]
    public void File_shorter_than_the_preamble_is_rejected()
    {
        Assert.Null(PageFileFormat.Deserialize("ISR1"u8.ToArray()));
        Assert.Null(PageFileFormat.Deserialize(Array.Empty<byte>()));
    }

    [Fact]
    public void File_whose_header_length_reaches_beyond_the_file_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), file.Length);

        Assert.Null(PageFileFormat.Deserialize(file));
    }

    [Fact]
    public void File_with_a_negative_header_length_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), -5);

        Assert.Null(PageFileFormat.Deserialize(file));
    }

    [Fact]
    public void File_whose_body_is_shorter_than_its_header_says_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());

        Assert.Null(PageFileFormat.Deserialize(file.AsMemory(0, file.Length - 1)));
    }

    [Fact]
    public void File_whose_body_is_longer_than_its_header_says_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());

        Assert.Null(PageFileFormat.Deserialize(file.Concat(new byte[] { (byte)'!' }).ToArray()));
    }

    [Fact]
    public void File_with_an_altered_body_byte_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());
        file[^3] ^= 0x20;

        Assert.Null(PageFileFormat.Deserialize(file));
    }

    [Fact]
    public void File_with_a_header_that_is_not_json_is_rejected()
    {
        var file = PageFileFormat.Serialize(Page());
        file[8] = (byte)'#';

        Assert.Null(PageFileFormat.Deserialize(file));
    }
}
