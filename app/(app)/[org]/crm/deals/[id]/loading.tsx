// The same skeleton as a contact's page: breadcrumb, header, details beside the cards.
export { default } from "../../contacts/[id]/loading";
