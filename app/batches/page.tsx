import { redirect } from "next/navigation";

/** The batches list lives under the wizard at /batches/new (the header's "New batch"). */
export default function BatchesIndexPage(): never {
  redirect("/batches/new");
}
