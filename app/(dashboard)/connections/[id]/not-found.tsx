
export default function ConnectionNotFound() {
  return (
    <div>
      <h1 className="text-2xl font-bold">Connection not found</h1>
      <p className="mt-3">
        There is no connection with this id in the current sandbox. It may have been deleted, or it
        belongs to another sandbox: check the sandbox in the header.
      </p>
      <p className="mt-3">
        <a href="/connections">Back to connections</a>
      </p>
    </div>
  );
}
