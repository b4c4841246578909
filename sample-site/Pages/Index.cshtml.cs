using IsrMiddleware;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleSite.Data;

namespace SampleSite.Pages;

/// <summary>The home page: a static route without params (one page), regenerated every minute or when its tags are revalidated.</summary>
[StaticParams(RevalidateSeconds = 60, Tags = ["posts", "products", "docs"])]
public sealed class IndexModel(ContentStore content) : PageModel
{
    public IReadOnlyList<Post> Posts { get; private set; } = [];

    public IReadOnlyList<(string Category, IReadOnlyList<string> Ids)> Products { get; private set; } = [];

    public IReadOnlyList<string> Docs { get; private set; } = [];

    public void OnGet()
    {
        Posts = content.GetPostSlugs().Select(content.GetPost).OfType<Post>().ToArray();
        Products = content.GetProductCategories().Select(category => (category, content.GetProductIds(category))).ToArray();
        Docs = content.GetDocPaths();
    }
}
