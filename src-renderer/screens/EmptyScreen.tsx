export function EmptyScreen({ title, body }: { title: string; body: string }) {
  return (
    <section className="empty-state">
      <h1>{title}</h1>
      <p>{body}</p>
    </section>
  );
}
