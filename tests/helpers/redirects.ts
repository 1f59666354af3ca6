/** Follows HTTP redirects by hand with a small cookie jar per origin, the way a browser would (no JavaScript). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: string): string {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  store(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.jars.set(origin, jar);
  }

  get(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

export interface Hop {
  url: string;
  status: number;
}

/**
 * Requests `url` and follows redirects until `stop(url)` says to stop (the URL is then returned, not requested) or a
 * non-redirect answer comes. Returns the hops and the last response (if one was requested after the stop).
 */
export async function follow(
  jar: CookieJar,
  url: string,
  stop: (url: string) => boolean = () => false,
  max = 15,
): Promise<{ hops: Hop[]; finalUrl: string; response: Response | null }> {
  const hops: Hop[] = [];
  let current = url;
  for (let i = 0; i < max; i++) {
    if (i > 0 && stop(current)) return { hops, finalUrl: current, response: null };
    const res = await fetch(current, { redirect: 'manual', headers: { cookie: jar.header(current) } });
    jar.store(current, res);
    hops.push({ url: current, status: res.status });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { hops, finalUrl: current, response: res };
    await res.arrayBuffer();
    current = new URL(location, current).toString();
  }
  throw new Error(`more than ${max} redirects from ${url}`);
}
