using IsrMiddleware;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SampleSite.Data;
using SampleSite.StaticParams;

namespace SampleSite.Pages.Blog;

/// <summary><c>/blog/{slug}</c>: every post pre-rendered, unknown slugs 404, never stale by time, tag <c>posts</c>.</summary>
[StaticParams(typeof(PostParams), Tags = new[] { "posts" })]
public sealed class PostModel(ContentStore content) : PageModel
{
    public Post Post { get; private set; } = null!;

    public IActionResult OnGet(string? slug)
    {
        if (content.GetPost(slug) is not { } post)
        {
            return NotFound();
        }

        Post = post;
        return Page();
    }
}
